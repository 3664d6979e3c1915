import Foundation

/// An RFC 5545 calendar: all-day and timed events, TEXT escaping and 75-octet folding that never splits a
/// UTF-8 sequence. Knows nothing of the domain.
struct ICalendar: Sendable {
    enum Start: Sendable, Equatable {
        /// A whole day, yyyy-MM-dd: DTSTART;VALUE=DATE and DTEND the next day.
        case day(String)
        /// A moment with a length.
        case time(Date, minutes: Int)
    }

    struct Event: Sendable {
        var uid: String
        var start: Start
        var summary: String
        var description: String? = nil
        var location: String? = nil
        var url: String? = nil
    }

    var name: String
    var events: [Event]
    /// DTSTAMP of every event: when this copy of the calendar was made.
    var stamp: Date

    func render() -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Opora//Opora calendar//RU", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.escape(name), "X-WR-TIMEZONE:Europe/Moscow"]
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + Self.escape(event.uid))
            lines.append("DTSTAMP:" + Self.utc(stamp))
            switch event.start {
            case .day(let day):
                let compact = day.replacingOccurrences(of: "-", with: "")
                lines.append("DTSTART;VALUE=DATE:" + compact)
                lines.append("DTEND;VALUE=DATE:" + (Self.nextDay(day) ?? compact))
                lines.append("TRANSP:TRANSPARENT")
            case .time(let date, let minutes):
                lines.append("DTSTART:" + Self.utc(date))
                lines.append("DTEND:" + Self.utc(date.addingTimeInterval(Double(minutes) * 60)))
            }
            lines.append("SUMMARY:" + Self.escape(event.summary))
            if let text = event.description, !text.isEmpty { lines.append("DESCRIPTION:" + Self.escape(text)) }
            if let text = event.location, !text.isEmpty { lines.append("LOCATION:" + Self.escape(text)) }
            // URL is a URI value, not TEXT: not escaped, only folded.
            if let url = event.url, !url.isEmpty { lines.append("URL:" + url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }

    /// TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            default:
                // Other control characters are not allowed in TEXT.
                if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F { out += " " } else { out.unicodeScalars.append(scalar) }
            }
            previousCR = scalar == "\r"
        }
        return out
    }

    /// One content line, CRLF-terminated, folded so no line exceeds 75 octets (continuations start with a space).
    static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > 75 {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out + "\r\n"
    }

    static func utc(_ date: Date) -> String {
        let c = calendar(TimeZone(identifier: "UTC")!).dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    static func nextDay(_ day: String) -> String? {
        let utc = calendar(TimeZone(identifier: "UTC")!)
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = utc.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let next = utc.date(byAdding: .day, value: 1, to: date) else { return nil }
        let c = utc.dateComponents([.year, .month, .day], from: next)
        return String(format: "%04d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
