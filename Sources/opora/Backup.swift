import ArgumentParser
import Core

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Согласованная копия базы (SQLite backup API), в том числе при работающем сервере.")
    @OptionGroup var database: DatabaseOption
    @Argument(help: "Файл копии (не должен существовать).") var out: String

    func run() throws {
        let db = try AppDatabase(path: database.db)
        do { try db.backup(to: out) } catch { throw ValidationError(explain(error)) }
        print("Копия записана в \(out).")
    }
}
