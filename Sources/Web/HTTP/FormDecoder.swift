import Core

/// Fills an action's input struct from a form or a query: text fields as given (the domain trims and checks them),
/// numbers and choices parsed here. A value that cannot be read becomes a Russian field error next to its field;
/// all fields are read first, then the errors are thrown together as `DomainError.invalid`.
///
///     struct Input: Decodable { var title: String; var year: Int?; var schools: [Int64] }
///     let input = try context.form.decode(Input.self)
extension FormData {
    func decode<Input: Decodable>(_ type: Input.Type) throws -> Input {
        let state = FormDecodingState()
        let input = try Input(from: FormFieldsDecoder(form: self, state: state))
        if !state.errors.isEmpty { throw DomainError.invalid(state.errors) }
        return input
    }
}

/// A value a single form field holds, read from its text.
protocol FormFieldValue {
    init?(formText: String)
    /// The message shown when the text is not such a value.
    static var formMessage: String { get }
}

extension Int: FormFieldValue {
    init?(formText: String) { self.init(formText.trimmingWhitespace()) }
    static var formMessage: String { "Введите целое число." }
}

extension Int64: FormFieldValue {
    init?(formText: String) { self.init(formText.trimmingWhitespace()) }
    static var formMessage: String { "Выберите значение из списка." }
}

extension SchoolYear: FormFieldValue {
    init?(formText: String) { self.init(parsing: formText.trimmingWhitespace()) }
    static var formMessage: String { "Укажите учебный год, например 2024/2025." }
}

final class FormDecodingState {
    var errors: [FieldError] = []
    func fail(_ field: String, _ message: String) {
        if !errors.contains(where: { $0.field == field }) { errors.append(FieldError(field, message)) }
    }
}

private struct FormFieldsDecoder: Decoder {
    let form: FormData
    let state: FormDecodingState
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(FormFieldsContainer<Key>(form: form, state: state))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "A form is a set of named fields"))
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "A form is a set of named fields"))
    }
}

private struct FormFieldsContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let form: FormData
    let state: FormDecodingState
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { form.fields.compactMap { Key(stringValue: $0.name) } }

    func contains(_ key: Key) -> Bool { form[key.stringValue] != nil }

    /// An absent or empty field is «not given»: optional inputs become nil.
    func decodeNil(forKey key: Key) throws -> Bool { (form[key.stringValue] ?? "").trimmingWhitespace().isEmpty }

    func decode(_ type: String.Type, forKey key: Key) throws -> String { form[key.stringValue] ?? "" }

    /// A checkbox: sent (with any value but «0»/«false») means on.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        guard let value = form[key.stringValue] else { return false }
        return !["0", "false", "off"].contains(value.trimmingWhitespace().lowercased())
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let name = key.stringValue
        if type == [String].self { return form.values(name) as! T }
        if type == [Int64].self {
            let values = form.values(name).filter { !$0.trimmingWhitespace().isEmpty }
            let ids = values.compactMap { Int64(formText: $0) }
            if ids.count != values.count { state.fail(name, Int64.formMessage) }
            return ids as! T
        }
        if let valueType = type as? any FormFieldValue.Type {
            let text = form[name] ?? ""
            if let value = valueType.init(formText: text) { return value as! T }
            state.fail(name, text.trimmingWhitespace().isEmpty ? "Заполните поле." : valueType.formMessage)
            return try placeholder(type, name)
        }
        // Choices (`enum … : String, Decodable`) and other single values read from the field's text.
        do {
            return try T(from: FormFieldDecoder(text: form[name] ?? "", codingPath: codingPath + [key]))
        } catch {
            state.fail(name, "Выберите значение из списка.")
            return try placeholder(type, name)
        }
    }

    /// A stand-in so the remaining fields are still read; the collected errors are thrown before anyone sees it.
    private func placeholder<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        if let zero = (0 as Int) as? T { return zero }
        if let zero = (0 as Int64) as? T { return zero }
        throw DomainError.invalid(state.errors)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "Forms are flat"))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "Forms are flat"))
    }
    func superDecoder() throws -> any Decoder { FormFieldsDecoder(form: form, state: state) }
    func superDecoder(forKey key: Key) throws -> any Decoder { FormFieldsDecoder(form: form, state: state) }
}

/// One field's text as a single value (a raw-value enum's case).
private struct FormFieldDecoder: Decoder, SingleValueDecodingContainer {
    let text: String
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "A field holds one value"))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "A field holds one value"))
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { text.trimmingWhitespace().isEmpty }
    func decode(_ type: String.Type) throws -> String { text }
    func decode(_ type: Int.Type) throws -> Int {
        guard let value = Int(text.trimmingWhitespace()) else { throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: text)) }
        return value
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}
