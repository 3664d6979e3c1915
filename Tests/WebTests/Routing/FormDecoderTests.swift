import Core
import Testing
@testable import Web

@Suite struct FormDecoderTests {
    enum Half: String, Decodable { case first, second }

    struct Input: Decodable {
        var title: String
        var note: String?
        var year: Int?
        var count: Int
        var schools: [Int64]
        var done: Bool
        var half: Half?
    }

    static func form(_ fields: [(String, String)]) -> FormData { FormData(fields: fields.map { (name: $0.0, value: $0.1) }) }

    @Test func readsEachKindOfField() throws {
        let input = try Self.form([("title", " План "), ("year", "2025"), ("count", "3"), ("schools", "4"), ("schools", "9"),
                                   ("done", "on"), ("half", "second")]).decode(Input.self)
        #expect(input.title == " План ")
        #expect(input.note == nil)
        #expect(input.year == 2025)
        #expect(input.count == 3)
        #expect(input.schools == [4, 9])
        #expect(input.done)
        #expect(input.half == .second)
    }

    @Test func emptyOptionalFieldsAreNotGiven() throws {
        let input = try Self.form([("title", ""), ("note", ""), ("year", " "), ("count", "1"), ("half", "")]).decode(Input.self)
        #expect(input.title == "")
        #expect(input.note == nil)
        #expect(input.year == nil)
        #expect(input.half == nil)
        #expect(!input.done)
    }

    @Test func unreadableValuesAreFieldErrorsTogether() {
        #expect(throws: DomainError.invalid([FieldError("year", "Введите целое число."), FieldError("count", "Заполните поле."),
                                             FieldError("schools", "Выберите значение из списка."),
                                             FieldError("half", "Выберите значение из списка.")])) {
            try Self.form([("year", "две тысячи"), ("schools", "x"), ("half", "third")]).decode(Input.self)
        }
    }
}
