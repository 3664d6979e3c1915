import Foundation

/// The day a demo is built as of (`opora demo --today`, default: the clock) and the running school year it falls in.
/// Everything the demo dates in the running year happens before this day.
public struct DemoDay: Sendable, Equatable {
    /// yyyy-MM-dd in Moscow time.
    public let today: String
    /// The school year of `today` (2026 = 2026/2027).
    public let runningYear: Int
    /// The earliest `--today`: the seeds' last school year (2023/2024) must be history or running.
    public static let earliest = "2023-09-01"

    public init(_ date: Date) {
        today = Moscow.day(date)
        runningYear = SchoolYear.containing(date).start
    }

    /// `yyyy-MM-dd` (a real calendar day, from `earliest` to 2100-08-31) as noon in Moscow; nil otherwise.
    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              let day = Due.day(y, m, d), day >= earliest, day <= "2100-08-31" else { return nil }
        return utc(day, "09:00")
    }

    /// `days` after `day` (before it when negative).
    public static func adding(_ days: Int, to day: String) -> String { NotificationDays.adding(days, to: day) ?? day }

    /// `days` after today.
    public func day(_ days: Int) -> String { Self.adding(days, to: today) }

    /// A day of the demo's plan, at the latest yesterday: nothing in the demo happens today or later.
    public func past(_ day: String) -> String { min(day, self.day(-1)) }

    /// yyyy-MM-dd at HH:mm UTC, the way the demo's stored timestamps read.
    public static func utc(_ day: String, _ time: String = "10:00") -> Date {
        let d = day.split(separator: "-").compactMap { Int($0) }
        let t = time.split(separator: ":").compactMap { Int($0) }
        return NotificationDays.calendar.date(from: DateComponents(year: d[0], month: d[1], day: d[2],
                                                                  hour: t.first ?? 0, minute: t.count > 1 ? t[1] : 0))!
    }

    /// `utc(past(day), time)`.
    public func at(_ day: String, _ time: String = "10:00") -> Date { Self.utc(past(day), time) }
}
