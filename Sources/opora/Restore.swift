import ArgumentParser
import Core

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Восстановить базу из копии (сделанной opora backup).",
        discussion: """
        Сервер должен быть остановлен: если базу держит открытой другой процесс, восстановление отказывается. \
        Копия проверяется (integrity_check, внешние ключи, миграции — копия более новой версии не принимается), \
        копируется рядом с базой, доводится миграциями до текущей схемы и проверяется снова; прежняя база \
        остаётся рядом (<база>.before-restore-<время>), новая занимает её место одним rename.
        """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "Файл копии.") var from: String

    func run() throws {
        do {
            let outcome = try DatabaseRestore.restore(from: from, to: database.db)
            print("База \(database.db) восстановлена из \(from).")
            if let previous = outcome.previous { print("Прежняя база сохранена: \(previous)") }
            if !outcome.migrated.isEmpty { print("Применены миграции: \(outcome.migrated.joined(separator: ", "))") }
        } catch let failure as DatabaseRestore.Failure {
            throw ValidationError(failure.description)
        }
    }
}
