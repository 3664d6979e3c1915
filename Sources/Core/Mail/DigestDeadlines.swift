import Foundation
import GRDB

/// The «due» and «overdue» lines of a digest, read from the user's `Agenda` (the calendar feed's source too).
enum DigestDeadlines {
    static let horizonDays = 7

    /// Not done and due from today to `horizonDays` ahead, or overdue since the school year began; events of the week.
    static func lines(_ db: Database, _ scope: Scope, today: String, now: Date, year: SchoolYear) throws -> [(schoolId: Int64?, school: String, line: DigestLine)] {
        let horizon = Agenda.day(now, plus: horizonDays)
        return try Agenda.items(db, scope, from: "\(year.start)-09-01", to: horizon).compactMap { item in
            let section: DigestLine.Section
            if item.isOverdue(today: today) { section = .overdue }
            else if item.kind == .event ? item.date >= today : item.isDue(from: today, until: horizon) { section = .dueSoon }
            else { return nil }
            let text: String
            switch item.kind {
            case .report, .event: text = item.title
            case .measure: text = "Мероприятие дорожной карты: \(item.title)"
            case .decision: text = "Управленческое решение: \(item.title)"
            }
            return (item.schoolId, item.schoolName ?? "", DigestLine(section: section, text: text, due: item.date, link: link(item.target, scope)))
        }
    }

    static func link(_ target: AgendaItem.Target, _ scope: Scope) -> DigestLink {
        switch target {
        case .report(let id, let schoolId, let year): return id.map { .report($0) } ?? .schoolReports(school: schoolId, year: year)
        case .roadmap(let schoolId, let year): return .roadmap(school: schoolId, year: year)
        case .municipalPlan(let municipalityId, let year): return .municipalPlan(municipality: municipalityId, year: year)
        case .event(let id): return .event(id)
        case .decision(_, _, let year): return .decisions(school: scope.schoolId, year: year)
        }
    }
}
