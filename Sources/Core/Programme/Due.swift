import Foundation

/// When a measure is due, as users write it: a date («15.03.2024»), a month («март», «03.2024»), a range of
/// months («сентябрь–декабрь», «январь - май 2024») or a standing term («в течение года», «по запросу», «по плану»).
/// Dates are resolved within the school year: September–December belong to its first calendar year,
/// January–August to the second.
public struct Due: Sendable, Equatable {
    public enum Kind: String, Sendable { case date, month, monthRange, standing }
    public var kind: Kind
    /// First and last day (inclusive) as yyyy-MM-dd; nil for standing terms.
    public var from: String?
    public var to: String?
    /// What the user wrote, tidied.
    public var text: String

    public static let standingTerms = ["в течение года", "в течение учебного года", "по запросу", "по плану", "постоянно",
                                       "ежемесячно", "ежеквартально", "еженедельно", "по мере необходимости", "по графику"]

    static let months: [(String, Int)] = [
        ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма", 5), ("июн", 6), ("июл", 7), ("август", 8),
        ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
    ]

    /// Reads a due term; nil when it cannot be understood (the form then asks for a clearer one).
    public init?(parsing raw: String, schoolYear: Int) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        let lower = text.lowercased()
        self.text = text
        if Self.standingTerms.contains(where: { lower.hasPrefix($0) }) {
            kind = .standing; from = nil; to = nil
            return
        }
        // dd.MM.yyyy
        let numbers = lower.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        if numbers.count == 3, lower.contains(".") {
            guard let date = Self.day(numbers[2], numbers[1], numbers[0]) else { return nil }
            kind = .date; from = date; to = date
            return
        }
        // Month names, one or two, with an optional year.
        let words = lower.split(whereSeparator: { !$0.isLetter })
        let named = words.compactMap { word in Self.months.first { word.hasPrefix($0.0) && (word.count > 2 || $0.1 == 5) }?.1 }
        let year = numbers.first { $0 >= 2000 && $0 <= 2100 }
        var monthsFound = named
        if monthsFound.isEmpty {
            // «03.2024» or «03.2024–05.2024»
            var i = 0
            while i + 1 < numbers.count {
                if (1...12).contains(numbers[i]) && numbers[i + 1] >= 2000 { monthsFound.append(numbers[i]); i += 2 } else { i += 1 }
            }
        }
        guard let first = monthsFound.first, monthsFound.count <= 2 else { return nil }
        let last = monthsFound.last!
        // An explicit year names the last month's year; otherwise the school year decides.
        let endYear = year ?? (last >= 9 ? schoolYear : schoolYear + 1)
        let startYear = year.map { first > last ? $0 - 1 : $0 } ?? (first >= 9 ? schoolYear : schoolYear + 1)
        guard let start = Self.day(startYear, first, 1), let end = Self.lastDay(endYear, last) else { return nil }
        kind = monthsFound.count == 2 && first != last ? .monthRange : .month
        from = start; to = end
    }

    public init(kind: Kind, from: String?, to: String?, text: String) {
        self.kind = kind; self.from = from; self.to = to; self.text = text
    }

    /// Overdue on `today` (yyyy-MM-dd) unless done: only terms with a last day can be.
    public func isOverdue(today: String, done: Bool) -> Bool {
        guard !done, let to else { return false }
        return to < today
    }

    static func day(_ year: Int, _ month: Int, _ day: Int) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(month), (1...31).contains(day),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    static func lastDay(_ year: Int, _ month: Int) -> String? {
        for d in stride(from: 31, through: 28, by: -1) { if let s = day(year, month, d) { return s } }
        return nil
    }

}
