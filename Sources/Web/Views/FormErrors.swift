import Core

/// The errors of a submitted form: a summary at the top and a message beside each field (GOV.UK pattern).
struct FormErrors: Sendable {
    var items: [FormErrorItem] = []

    init() {}
    init(_ errors: [FieldError]) { items = errors.map { FormErrorItem(field: $0.field, message: $0.message) } }

    var isEmpty: Bool { items.isEmpty }
    func message(_ field: String) -> String? { items.first { $0.field == field }?.message }
}
