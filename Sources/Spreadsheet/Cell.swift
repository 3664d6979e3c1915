import Foundation

/// One cell value read from or written to a sheet. A missing (empty) cell is `nil` in a row.
public enum Cell: Sendable, Hashable {
    /// Text: a shared string, an inline string or a formula's string result.
    case text(String)
    /// A number with the text it was written as (`<v>` verbatim when read) and its value.
    case number(Double, text: String)
    case boolean(Bool)
    /// An Excel error such as `#N/A` or `#DIV/0!`.
    case error(String)
    /// A number whose cell format is a date or time format.
    case date(CellDate)

    /// A number cell from a value; integral values are written without a fraction (`12`, not `12.0`).
    public static func number(_ value: Double) -> Cell {
        .number(value, text: Cell.format(value))
    }

    /// A number cell from an integer.
    public static func number(_ value: Int) -> Cell {
        .number(Double(value), text: String(value))
    }

    /// The cell as text: the text itself, a number as written, `TRUE`/`FALSE`, the error code,
    /// or a date as ISO 8601 (`2023-09-01`, or `2023-09-01T08:30:00` when it has a time of day).
    public var string: String {
        switch self {
        case .text(let s): return s
        case .number(_, let text): return text
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .error(let e): return e
        case .date(let d): return d.iso
        }
    }

    /// The numeric value of a number or date cell (a date as its serial number), else `nil`.
    public var doubleValue: Double? {
        switch self {
        case .number(let v, _): return v
        case .date(let d): return d.serial
        default: return nil
        }
    }

    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}

/// A calendar date (with an optional time of day) in the 1900 (or 1904) date system of Excel.
public struct CellDate: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    /// `yyyy-MM-dd`, or `yyyy-MM-ddTHH:mm:ss` when the time of day is not midnight.
    public var iso: String {
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        if hour == 0 && minute == 0 && second == 0 { return date }
        return date + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
    }

    /// The serial number in the 1900 date system (1 = 1900-01-01; Excel's phantom 1900-02-29 is 60).
    public var serial: Double {
        var days = Double(CellDate.daysFromCivil(year, month, day) - CellDate.daysFromCivil(1899, 12, 30))
        if days < 61 { days -= 1 }  // dates before 1900-03-01: Excel counts the non-existent 1900-02-29
        return days + Double(hour * 3600 + minute * 60 + second) / 86400
    }

    /// The date at midnight UTC plus the time of day, as a Foundation `Date`.
    public var date: Date {
        let days = CellDate.daysFromCivil(year, month, day)
        return Date(timeIntervalSince1970: Double(days) * 86400 + Double(hour * 3600 + minute * 60 + second))
    }

    /// From an Excel serial number. `date1904` selects the Mac 1904 date system.
    public init?(serial: Double, date1904: Bool = false) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        var whole = serial.rounded(.down)
        var seconds = Int(((serial - whole) * 86400).rounded())
        if seconds >= 86400 { seconds -= 86400; whole += 1 }
        var days = Int(whole)
        if date1904 {
            days += CellDate.daysFromCivil(1904, 1, 1)
        } else {
            if days == 60 {  // Excel's phantom 1900-02-29 (a Lotus 1-2-3 bug kept for compatibility): give 1900-02-28
                self.init(year: 1900, month: 2, day: 28, hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60)
                return
            }
            if days < 60 { days += 1 }
            days += CellDate.daysFromCivil(1899, 12, 30)
        }
        let (y, m, d) = CellDate.civilFromDays(days)
        self.init(year: y, month: m, day: d, hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60)
    }

    // Howard Hinnant's algorithms: days since 1970-01-01 in the proleptic Gregorian calendar.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

private func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// A row of a sheet: its 1-based row number and its cells by column (index 0 = column A);
/// missing cells are `nil`, trailing missing cells are not included.
public struct SheetRow: Sendable, Hashable {
    public var number: Int
    public var cells: [Cell?]

    public init(number: Int, cells: [Cell?]) {
        self.number = number
        self.cells = cells
    }

    /// The cells as text (`Cell.string`), `nil` where a cell is missing.
    public var values: [String?] { cells.map { $0?.string } }
}
