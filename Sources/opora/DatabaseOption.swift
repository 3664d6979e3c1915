import ArgumentParser
import Core
import Foundation

struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "Путь к файлу SQLite (или переменная OPORA_DB).")
    var db: String = ProcessInfo.processInfo.environment["OPORA_DB"] ?? "./data/opora.sqlite"

    func open() throws -> AppDatabase {
        let database = try AppDatabase(path: db)
        try database.migrate()
        return database
    }
}

/// Domain errors as the operator reads them.
func explain(_ error: Error) -> String {
    switch error {
    case DomainError.invalid(let errors): errors.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
    case DomainError.conflict(let message): message
    case DomainError.forbidden: "Нет прав на это действие"
    case DomainError.notFound: "Не найдено"
    default: String(describing: error)
    }
}
