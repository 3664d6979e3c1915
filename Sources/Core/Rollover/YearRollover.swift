import Foundation
import GRDB

/// «Новый учебный год»: sets up school year Y+1 of a municipality from Y — carried statuses, curators' assignments,
/// partner groups, report periods and draft roadmaps — in one transaction, never touching what Y+1 already has.
public struct YearRollover: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// A «500+» cohort is supported in the year it is recruited and the next one.
    public static let cohortYears = 2

    /// The year Y rolled over from: the latest school year up to the running one with report periods in the
    /// municipality (a year is set up once it has them), or the running year.
    static func currentYear(_ db: Database, municipalityId: Int64, now: Date) throws -> SchoolYear {
        let running = SchoolYear.containing(now)
        let latest = try Int.fetchOne(db, cachedSQL: "SELECT MAX(schoolYear) FROM reportPeriod WHERE municipalityId = ? AND schoolYear <= ?",
                                      arguments: [municipalityId, running.start])
        return latest.map(SchoolYear.init) ?? running
    }

    /// The proposal for the municipality's next school year (or for `target`).
    public func proposal(_ scope: Scope, municipalityId: Int64, target: SchoolYear? = nil) throws -> RolloverProposal {
        try database.read { db in
            guard try Municipality.fetchOne(db, cachedKey: municipalityId) != nil else { throw DomainError.notFound }
            try Policy.requireReadYearRollover(scope, municipalityId: municipalityId)
            let target = try target ?? SchoolYear(Self.currentYear(db, municipalityId: municipalityId, now: database.now).start + 1)
            return try Self.propose(db, scope, municipalityId: municipalityId, target: target)
        }
    }

    /// Creates the selected lines of the proposal for `target`, re-read inside the transaction, so a repeat creates
    /// nothing new. Every creation is audited as its own area does it, with one summary entry for the rollover.
    @discardableResult
    public func apply(_ scope: Scope, municipalityId: Int64, target: SchoolYear, selection: RolloverSelection = RolloverSelection()) throws -> RolloverOutcome {
        if selection.sections.isEmpty {
            throw DomainError.invalid([FieldError("sections", "Отметьте хотя бы один раздел")])
        }
        let now = database.now
        return try database.write { db in
            guard try Municipality.fetchOne(db, cachedKey: municipalityId) != nil else { throw DomainError.notFound }
            try Policy.requireYearRollover(scope, municipalityId: municipalityId)
            let running = SchoolYear.containing(now)
            guard target.start <= running.start + 1 else {
                throw DomainError.conflict("Учебный год \(target.title) ещё не настал: готовить можно только следующий за текущим.")
            }
            let proposal = try Self.propose(db, scope, municipalityId: municipalityId, target: target)
            var outcome = RolloverOutcome(municipalityId: municipalityId, target: target)
            for s in proposal.statuses where selection.takes(.statuses, school: s.school.id) {
                try SchoolStatuses.apply(db, scope, StatusChange(schoolId: s.school.id, year: target, flag: s.flag, isSet: true,
                                                                 cohortYear: s.cohortYear, reason: s.reason), at: now)
                outcome.statuses.append(s)
            }
            for a in proposal.assignments where selection.takes(.assignments, school: a.school.id) {
                try Assignments.insert(db, scope, curatorId: a.curatorId, schoolId: a.school.id, year: target,
                                       orderNumber: nil, orderDate: nil, at: now)
                outcome.assignments.append(a)
            }
            for p in proposal.partnerships where selection.takes(.partnerships, school: p.lowResultsSchool.id) {
                try Partnerships.insert(db, scope, municipalityId: municipalityId, year: target, lowId: p.lowResultsSchool.id,
                                        partners: p.partners.map(\.id), forms: p.forms, at: now)
                outcome.partnerships.append(p)
            }
            for p in proposal.periods where selection.takes(.periods) {
                try ReportPeriods.insert(db, scope, municipalityId: municipalityId, year: target, half: p.half, dueDate: p.dueDate, at: now)
                outcome.periods.append(p)
            }
            let roadmaps = Roadmaps(database: database)
            for r in proposal.roadmaps where selection.takes(.roadmaps, school: r.school.id) {
                try roadmaps.create(db, scope, school: r.school.id, year: target, copyLastYear: r.sourceRoadmapId != nil,
                                    measureIds: r.sourceRoadmapId == nil ? nil : Set(r.measureIds))
                outcome.roadmaps.append(r)
            }
            if !outcome.isEmpty {
                try AuditLog.record(db, scope, action: "rollover", entity: "municipality", id: municipalityId, before: String?.none,
                                    after: Summary(outcome), at: now)
            }
            return outcome
        }
    }

    struct Summary: Encodable {
        var schoolYear: Int, statuses: Int, assignments: Int, partnerships: Int, periods: Int, roadmaps: Int
        init(_ o: RolloverOutcome) {
            schoolYear = o.target.start; statuses = o.statuses.count; assignments = o.assignments.count
            partnerships = o.partnerships.count; periods = o.periods.count; roadmaps = o.roadmaps.count
        }
    }
}
