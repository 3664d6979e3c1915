import Core
import Foundation

enum RussianPlural {
    /// «1 школа», «3 школы», «11 школ».
    static func count(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
        let tens = n % 100, units = n % 10
        let word = (11...14).contains(tens) ? many : units == 1 ? one : (2...4).contains(units) ? few : many
        return "\(n) \(word)"
    }
}

enum RussianDate {
    /// dd.MM.yyyy in Moscow time.
    static func format(_ date: Date) -> String {
        let c = Moscow.calendar.dateComponents([.day, .month, .year], from: date)
        return String(format: "%02d.%02d.%04d", c.day ?? 0, c.month ?? 0, c.year ?? 0)
    }
}

extension RussianDate {
    /// dd.MM.yyyy HH:mm in Moscow time.
    static func dateTime(_ date: Date) -> String {
        let c = Moscow.calendar.dateComponents([.day, .month, .year, .hour, .minute], from: date)
        return String(format: "%02d.%02d.%04d %02d:%02d", c.day ?? 0, c.month ?? 0, c.year ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// yyyy-MM-dd (as stored for calendar days) → dd.MM.yyyy; nil or empty → "".
    static func day(iso: String?) -> String { DayText.russian(iso) }

    /// A school's last activity: dd.MM.yyyy, «нет» when its accounts never signed in nor changed anything.
    static func activity(_ date: Date?) -> String { date.map(format) ?? "нет" }
}
