import Core
import Foundation

/// A user's agenda as an iCalendar feed: all-day deadlines, events on their day (timed when a time is known).
enum CalendarFeed {
    /// The feed covers a year back and a year ahead of today.
    static let daysBack = 366
    static let daysAhead = 366

    static func calendar(_ items: [AgendaItem], ownerName: String, baseURL: String?, now: Date) -> ICalendar {
        ICalendar(name: "Опора: сроки — \(ownerName)", events: items.map { event($0, baseURL: baseURL, now: now) }, stamp: now)
    }

    static func event(_ item: AgendaItem, baseURL: String?, now: Date) -> ICalendar.Event {
        let url = absolute(Paths.agendaItem(item.target), baseURL: baseURL)
        var summary = item.kind == .event ? item.title : "\(item.kind.title): \(item.title)"
        if let school = item.schoolName, item.kind != .event { summary += " — \(school)" }
        if item.isDone { summary += item.kind == .report ? " (сдан)" : " (выполнено)" }
        var description: [String] = []
        if let school = item.schoolName { description.append("Школа: \(school)") }
        if item.isOverdue(today: Moscow.day(now)) { description.append("Срок прошёл, не выполнено.") }
        if let url { description.append("Открыть в Опоре: \(url)") }
        let start: ICalendar.Start
        if let time = item.time, let moment = moscow(item.date, time) {
            start = .time(moment, minutes: 120)
        } else {
            start = .day(item.date)
        }
        return ICalendar.Event(uid: "\(item.key)@opora", start: start, summary: summary,
                               description: description.joined(separator: "\n"), location: item.place, url: url)
    }

    /// `baseURL` + path; nil when no base URL is configured (a relative link means nothing in a calendar app).
    static func absolute(_ path: String, baseURL: String?) -> String? {
        guard var base = baseURL?.trimmingCharacters(in: .whitespaces), !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// yyyy-MM-dd and HH:mm in Moscow as a moment.
    static func moscow(_ day: String, _ time: String) -> Date? {
        let d = day.split(separator: "-").compactMap { Int($0) }, t = time.split(separator: ":").compactMap { Int($0) }
        guard d.count == 3, t.count >= 2 else { return nil }
        return ICalendar.calendar(Moscow.timeZone)
            .date(from: DateComponents(year: d[0], month: d[1], day: d[2], hour: t[0], minute: t[1]))
    }
}
