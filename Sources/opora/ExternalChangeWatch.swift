import Core
import Foundation

/// `opora serve` asks SQLite every second whether another process (the command line) committed, so that cached
/// pages never outlive a command-line import by more than that.
enum ExternalChangeWatch {
    static func start(_ database: AppDatabase, interval: TimeInterval = 1) {
        _ = try? database.noticeExternalChanges()
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: interval)
                do {
                    if try database.noticeExternalChanges() {
                        FileHandle.standardError.write(Data("База изменена другим процессом: кэши сброшены\n".utf8))
                    }
                } catch {
                    FileHandle.standardError.write(Data("Проверка изменений базы не удалась: \(error)\n".utf8))
                }
            }
        }
        thread.name = "opora.external-changes"
        thread.start()
    }
}
