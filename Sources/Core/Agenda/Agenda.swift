import Foundation
import GRDB

/// A user's dated deadlines and events (issue 14): the calendar feed and the daily digest read this.
/// Only what `Policy` puts on the scope's agenda (`agendaSchools`, `agendaEvents`, `visibleDecisions`).
public struct Agenda: Sendable {
    let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// Items dated from `from` to `to` (yyyy-MM-dd, inclusive), by date, time, kind and record.
    public func items(_ scope: Scope, from: String, to: String) throws -> [AgendaItem] {
        try database.read { db in try Self.items(db, scope, from: from, to: to) }
    }

    /// The items of the window around `now`: `daysBack` before today to `daysAhead` after (the feed's window).
    public func items(_ scope: Scope, around now: Date, daysBack: Int, daysAhead: Int) throws -> [AgendaItem] {
        try items(scope, from: Self.day(now, plus: -daysBack), to: Self.day(now, plus: daysAhead))
    }

    static func items(_ db: Database, _ scope: Scope, from: String, to: String) throws -> [AgendaItem] {
        let all = try reports(db, scope, from, to) + measures(db, scope, from, to) + events(db, scope, from, to)
            + decisions(db, scope, from, to)
        return all.sorted { a, b in
            (a.date, a.time ?? "", order(a.kind), a.entityId, a.schoolId ?? 0) < (b.date, b.time ?? "", order(b.kind), b.entityId, b.schoolId ?? 0)
        }
    }

    static func order(_ kind: AgendaItem.Kind) -> Int { AgendaItem.Kind.allCases.firstIndex(of: kind) ?? 0 }

    /// Every school roadmap of a period's municipality and year owes a report by the period's due date.
    static func reports(_ db: Database, _ scope: Scope, _ from: String, _ to: String) throws -> [AgendaItem] {
        let rows = try SQLRequest<Row>(literal: """
            SELECT p.id AS periodId, p.half, p.schoolYear, p.dueDate, s.id AS schoolId, s.shortName, rep.id AS reportId,
                   COALESCE(rep.status IN ('submitted', 'accepted'), 0) AS done
            FROM reportPeriod p
            JOIN roadmap r ON r.municipalityId = p.municipalityId AND r.schoolYear = p.schoolYear AND r.schoolId IS NOT NULL
            JOIN school s ON s.id = r.schoolId AND s.archivedAt IS NULL
            LEFT JOIN report rep ON rep.roadmapId = r.id AND rep.periodId = p.id
            WHERE p.dueDate BETWEEN \(from) AND \(to) AND \(Policy.agendaSchools(scope, school: "s.id", year: "p.schoolYear"))
            """).fetchAll(db)
        return rows.map { row in
            let year: Int = row["schoolYear"], half: Int = row["half"], schoolId: Int64 = row["schoolId"]
            return AgendaItem(kind: .report, entityId: row["periodId"], date: row["dueDate"],
                              title: "Отчёт за \(half == 1 ? "I" : "II") полугодие \(SchoolYear(year).title)",
                              schoolId: schoolId, schoolName: row["shortName"],
                              target: .report(id: row["reportId"], schoolId: schoolId, year: year), isDone: row["done"])
        }
    }

    /// Measures with a last day (a date, a month, a range of months); standing terms have none and are left out.
    /// Schools' roadmaps and municipal plans are read apart, so each read starts from the scope's own roadmaps.
    static func measures(_ db: Database, _ scope: Scope, _ from: String, _ to: String) throws -> [AgendaItem] {
        let dated: SQL = "m.dueKind <> 'standing' AND m.dueTo BETWEEN \(from) AND \(to)"
        let done = "EXISTS (SELECT 1 FROM reportItem ri WHERE ri.measureId = m.id AND ri.status IN ('done', 'cancelled')) AS done"
        let schools = try SQLRequest<Row>(literal: """
            SELECT m.id, m.title, m.dueTo, r.schoolId, r.schoolYear, s.shortName, \(sql: done)
            FROM roadmap r
            JOIN school s ON s.id = r.schoolId AND s.archivedAt IS NULL
            JOIN measure m ON m.roadmapId = r.id
            WHERE \(Policy.agendaSchools(scope, school: "r.schoolId", year: "r.schoolYear")) AND \(dated)
            """).fetchAll(db)
        let plans = try SQLRequest<Row>(literal: """
            SELECT m.id, m.title, m.dueTo, r.municipalityId, r.schoolYear, \(sql: done)
            FROM roadmap r JOIN measure m ON m.roadmapId = r.id
            WHERE r.schoolId IS NULL AND \(Policy.agendaMunicipalPlans(scope)) AND \(dated)
            """).fetchAll(db)
        return schools.map { row in
            let schoolId: Int64 = row["schoolId"]
            return AgendaItem(kind: .measure, entityId: row["id"], date: row["dueTo"], title: row["title"], schoolId: schoolId,
                              schoolName: row["shortName"], target: .roadmap(schoolId: schoolId, year: row["schoolYear"]), isDone: row["done"])
        } + plans.map { row in
            AgendaItem(kind: .measure, entityId: row["id"], date: row["dueTo"], title: row["title"],
                       target: .municipalPlan(municipalityId: row["municipalityId"], year: row["schoolYear"]), isDone: row["done"])
        }
    }

    /// Events on their day; the place is the host school and its address. (Events record no time of day yet.)
    static func events(_ db: Database, _ scope: Scope, _ from: String, _ to: String) throws -> [AgendaItem] {
        let rows = try SQLRequest<Row>(literal: """
            SELECT e.id, e.format, e.title, e.heldOn, s.id AS schoolId, s.shortName, s.address
            FROM municipalEvent e LEFT JOIN school s ON s.id = e.hostSchoolId
            WHERE e.archivedAt IS NULL AND e.heldOn BETWEEN \(from) AND \(to) AND \(Policy.agendaEvents(scope))
            """).fetchAll(db)
        return rows.map { row in
            let format = EventFormat(rawValue: row["format"]) ?? .other
            let host: String? = row["shortName"], address: String? = row["address"]
            let place = [host, address].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ", ")
            return AgendaItem(kind: .event, entityId: row["id"], date: row["heldOn"], title: "\(format.title): \(row["title"] as String)",
                              schoolId: row["schoolId"], schoolName: host, place: place.isEmpty ? nil : place,
                              target: .event(id: row["id"]), isDone: false)
        }
    }

    /// Decisions with a due date, not withdrawn; the school when the decision names exactly one.
    static func decisions(_ db: Database, _ scope: Scope, _ from: String, _ to: String) throws -> [AgendaItem] {
        let rows = try SQLRequest<Row>(literal: """
            SELECT d.id, d.kind, d.text, d.dueOn, d.status, d.municipalityId, d.schoolYear,
                   (SELECT CASE WHEN COUNT(*) = 1 THEN MIN(ds.schoolId) END FROM managementDecisionSchool ds WHERE ds.decisionId = d.id) AS schoolId
            FROM managementDecision d
            WHERE d.status <> 'withdrawn' AND d.dueOn IS NOT NULL AND d.dueOn BETWEEN \(from) AND \(to) AND \(Policy.visibleDecisions(scope))
            """).fetchAll(db)
        return try rows.map { row in
            let schoolId: Int64? = row["schoolId"]
            let schoolName = try schoolId.flatMap { try String.fetchOne(db, cachedSQL: "SELECT shortName FROM school WHERE id = ?", arguments: [$0]) }
            return AgendaItem(kind: .decision, entityId: row["id"], date: row["dueOn"], title: row["text"], schoolId: schoolId,
                              schoolName: schoolName,
                              target: .decision(id: row["id"], municipalityId: row["municipalityId"], year: row["schoolYear"]),
                              isDone: (row["status"] as String) == "done")
        }
    }

    /// yyyy-MM-dd of the Moscow day `days` after `now`'s.
    static func day(_ now: Date, plus days: Int) -> String {
        Moscow.day(now.addingTimeInterval(Double(days) * 86_400))
    }
}
