import Foundation

/// The region's clock: stored days, school years and printed dates are Moscow's.
public enum Moscow {
    /// Europe/Moscow, or UTC+3 (Moscow's offset all year since 2014) where the system has no time-zone database.
    public static let timeZone: TimeZone = TimeZone(identifier: "Europe/Moscow") ?? TimeZone(secondsFromGMT: 3 * 3600)!

    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// yyyy-MM-dd of `date` in Moscow: today's date as the database stores days.
    public static func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Midnight in Moscow of a yyyy-MM-dd day.
    public static func start(ofDay day: String) -> Date? {
        let n = day.split(separator: "-").compactMap { Int($0) }
        guard n.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: n[0], month: n[1], day: n[2]))
    }
}
