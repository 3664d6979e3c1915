import Core
import Foundation

/// `opora serve` runs the «срок сдачи через 7 дней» sweep once at start and then every hour on a background
/// thread; the sweep is idempotent (one reminder per recipient, period and due date), so a restart repeats nothing.
enum NotificationSweep {
    static func startHourly(_ database: AppDatabase, interval: TimeInterval = 3600) {
        run(database)
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: interval)
                run(database)
            }
        }
        thread.name = "opora.notification-sweep"
        thread.start()
    }

    static func run(_ database: AppDatabase) {
        do {
            let written = try Notifications(database: database).sweepDueSoon(now: database.now)
            if written > 0 {
                FileHandle.standardError.write(Data("Напоминания о сроках сдачи отчётов: \(written)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("Напоминания о сроках не разосланы: \(error)\n".utf8))
        }
    }
}
