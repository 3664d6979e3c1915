import Foundation

/// A school year, named by the calendar year it starts in: 2022 is 2022/2023.
public struct SchoolYear: Sendable, Hashable, Comparable, Codable {
    public let start: Int
    public init(_ start: Int) { self.start = start }

    /// The school year running at `date` (it starts on 1 September).
    public static func containing(_ date: Date) -> SchoolYear {
        let parts = Moscow.calendar.dateComponents([.year, .month], from: date)
        let year = parts.year ?? 2000
        return SchoolYear((parts.month ?? 1) >= 9 ? year : year - 1)
    }

    /// «2022/2023»
    public var title: String { "\(start)/\(start + 1)" }

    /// Parses «2022/2023», «2022-2023» or «2022».
    public init?(parsing text: String) {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard let first = digits.first, (2000...2100).contains(first) else { return nil }
        if digits.count > 1 && digits[1] != first + 1 { return nil }
        self.init(first)
    }

    public static func < (a: SchoolYear, b: SchoolYear) -> Bool { a.start < b.start }
}
