import ArgumentParser
import Core

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Применить миграции базы данных.")
    @OptionGroup var database: DatabaseOption

    func run() throws {
        let db = try AppDatabase(path: database.db)
        let applied = try db.migrate()
        print(applied.isEmpty ? "База в актуальном состоянии." : "Применены миграции: " + applied.joined(separator: ", "))
    }
}
