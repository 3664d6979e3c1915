import Foundation

/// Calendar days are stored as yyyy-MM-dd; people read dd.MM.yyyy.
public enum DayText {
    public static func russian(_ iso: String?) -> String {
        guard let iso, !iso.isEmpty else { return "" }
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2]).\(parts[1]).\(parts[0])" : iso
    }
}

extension DayText {
    /// yyyy-MM-dd of a real calendar day.
    public static func isValid(_ iso: String) -> Bool { days(iso) != nil }

    /// Days from `from` to `to` (both yyyy-MM-dd); nil when either is not a calendar day.
    public static func daysBetween(_ from: String, _ to: String) -> Int? {
        guard let a = days(from), let b = days(to) else { return nil }
        return b - a
    }

    /// Days since 1970-01-01.
    static func days(_ iso: String) -> Int? {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              let day = Due.day(y, m, d), day == iso else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d)) else { return nil }
        return Int(date.timeIntervalSince1970 / 86_400)
    }
}
