import Foundation
import GRDB

/// The public page of a municipality (seeds 000 and 001: the municipality publishes its analytical materials):
/// off by default; the coordinator switches it on and publishes a range of school years of the summary report.
/// The page is read without login: it shows the published summary report without names of people, the
/// published practices (authors only where they agreed) and the pupils-at-risk figures, with every figure about
/// fewer than 10 pupils shown as «<10» (`SmallGroupSuppression`). A municipality that does not publish is
/// «not found» to the public, never «forbidden».
public struct PublicPages: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    // MARK: The coordinator's settings

    public func settings(_ scope: Scope, municipalityId: Int64) throws -> PublicPageSettings {
        try Policy.requireManagePublicPage(scope, municipalityId: municipalityId)
        return try database.read { try Self.settings($0, municipalityId: municipalityId) }
    }

    static func settings(_ db: Database, municipalityId: Int64) throws -> PublicPageSettings {
        guard let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [municipalityId]) else {
            throw DomainError.notFound
        }
        let row = try Row.fetchOne(db, cachedSQL: "SELECT isPublic, summaryFrom, summaryTo, updatedAt FROM publicPage WHERE municipalityId = ?",
                                   arguments: [municipalityId])
        let isPublic: Bool = row.map { $0["isPublic"] as Bool } ?? false
        let from: Int? = row.flatMap { $0["summaryFrom"] as Int? }
        let to: Int? = row.flatMap { $0["summaryTo"] as Int? }
        let updatedAt: Date? = row.flatMap { $0["updatedAt"] as Date? }
        return PublicPageSettings(municipalityId: municipalityId, municipalityName: name, isPublic: isPublic,
                                  summaryFrom: from.map(SchoolYear.init), summaryTo: to.map(SchoolYear.init), updatedAt: updatedAt)
    }

    /// Switches the page on or off (the web asks «Вы уверены?» first). Audited.
    public func setPublic(_ scope: Scope, municipalityId: Int64, _ isPublic: Bool) throws {
        try Policy.requireManagePublicPage(scope, municipalityId: municipalityId)
        let now = database.now
        try database.write { db in
            let before = try Self.settings(db, municipalityId: municipalityId)
            try db.execute(sql: """
                INSERT INTO publicPage (municipalityId, isPublic, updatedAt, updatedBy) VALUES (?, ?, ?, ?)
                ON CONFLICT (municipalityId) DO UPDATE SET isPublic = excluded.isPublic, updatedAt = excluded.updatedAt, updatedBy = excluded.updatedBy
                """, arguments: [municipalityId, isPublic, now, scope.userId])
            let after = try Self.settings(db, municipalityId: municipalityId)
            try AuditLog.record(db, scope, action: isPublic ? "publicPage.enable" : "publicPage.disable", entity: "municipality",
                                id: municipalityId, before: before, after: after, at: now)
        }
    }

    /// Publishes the summary report over `from`–`to` (replacing the published range), or withdraws it (both nil). Audited.
    public func publishSummary(_ scope: Scope, municipalityId: Int64, from: SchoolYear?, to: SchoolYear?, withdraw: Bool = false) throws {
        try Policy.requireManagePublicPage(scope, municipalityId: municipalityId)
        if !withdraw {
            let errors = SummaryReports.validate(from: from, to: to)
            if !errors.isEmpty { throw DomainError.invalid(errors) }
        }
        let now = database.now
        try database.write { db in
            let before = try Self.settings(db, municipalityId: municipalityId)
            let f = withdraw ? nil : from?.start, t = withdraw ? nil : to?.start
            try db.execute(sql: """
                INSERT INTO publicPage (municipalityId, isPublic, summaryFrom, summaryTo, updatedAt, updatedBy) VALUES (?, 0, ?, ?, ?, ?)
                ON CONFLICT (municipalityId) DO UPDATE SET summaryFrom = excluded.summaryFrom, summaryTo = excluded.summaryTo,
                    updatedAt = excluded.updatedAt, updatedBy = excluded.updatedBy
                """, arguments: [municipalityId, f, t, now, scope.userId])
            let after = try Self.settings(db, municipalityId: municipalityId)
            try AuditLog.record(db, scope, action: withdraw ? "publicPage.withdrawSummary" : "publicPage.publishSummary", entity: "municipality",
                                id: municipalityId, before: before, after: after, at: now)
        }
    }

    // MARK: Without login

    /// Municipalities whose page is on, by name.
    public func municipalities() throws -> [PublicMunicipality] {
        try database.read { db in
            try Row.fetchAll(db, cachedSQL: """
                SELECT m.id, m.name, p.summaryFrom, p.summaryTo FROM publicPage p JOIN municipality m ON m.id = p.municipalityId
                WHERE p.isPublic = 1 AND m.archivedAt IS NULL ORDER BY m.name
                """).map { r in
                let from = (r["summaryFrom"] as Int?).map(SchoolYear.init), to = (r["summaryTo"] as Int?).map(SchoolYear.init)
                let title: String? = from.flatMap { f in to.map { t in f == t ? f.title : "\(f.title)–\(t.title)" } }
                return PublicMunicipality(id: r["id"], name: r["name"], rangeTitle: title)
            }
        }
    }

    /// Whether the municipality's page is on (an unknown municipality is not).
    public func isPublic(municipalityId: Int64) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(db, cachedSQL: """
                SELECT EXISTS (SELECT 1 FROM publicPage p JOIN municipality m ON m.id = p.municipalityId
                               WHERE p.municipalityId = ? AND p.isPublic = 1 AND m.archivedAt IS NULL)
                """, arguments: [municipalityId]) == true
        }
    }

    /// The public page; `.notFound` unless the municipality publishes it.
    public func page(municipalityId: Int64) throws -> PublicMunicipalityPage {
        let settings = try database.read { db -> PublicPageSettings? in
            guard try Bool.fetchOne(db, cachedSQL: "SELECT archivedAt IS NULL FROM municipality WHERE id = ?", arguments: [municipalityId]) == true
            else { return nil }
            return try Self.settings(db, municipalityId: municipalityId)
        }
        guard let settings, settings.isPublic else { throw DomainError.notFound }
        // The page reads as the system, not as a person: the check above is its whole policy.
        let reader = Scope.console
        var summary: SummaryReport?
        if let from = settings.summaryFrom, let to = settings.summaryTo {
            summary = Self.publicSummary(try SummaryReports(database: database).make(reader, municipalityId: municipalityId, from: from, to: to))
        }
        var pupilsYear: SchoolYear?
        var pupils: [PublicPupilsLine] = []
        if let from = settings.summaryFrom, let to = settings.summaryTo {
            pupilsYear = try database.read { db in
                try Int.fetchOne(db, cachedSQL: """
                    SELECT MAX(p.schoolYear) FROM pupilsAtRisk p JOIN school s ON s.id = p.schoolId
                    WHERE s.municipalityId = ? AND p.schoolYear BETWEEN ? AND ?
                    """, arguments: [municipalityId, from.start, to.start])
            }.map(SchoolYear.init)
            if let year = pupilsYear {
                let table = try PupilsAtRisk(database: database).municipalSummary(reader, municipalityId: municipalityId, year: year)
                pupils = table.lines.map { line in
                    let f = SmallGroupSuppression.figures(line.figures)
                    return PublicPupilsLine(title: line.key.title, schoolCount: line.schoolCount, pupils: f.pupils, atRisk: f.atRisk,
                                            withSpecialNeeds: f.withSpecialNeeds, share: f.share)
                }
            }
        }
        return PublicMunicipalityPage(municipalityId: municipalityId, municipalityName: settings.municipalityName, summary: summary,
                                      practices: try Practices(database: database).published(municipalityId: municipalityId),
                                      pupilsYear: pupilsYear, pupils: pupils, generatedAt: database.now)
    }

    // MARK: The public rendering of the summary report

    /// Tables whose figures are about pupils: counts of participants and shares of participants.
    static let pupilTables: Set<String> = ["summary-dynamics"]
    /// Free text typed by people (may name people): left out with the personal columns.
    static let freeTextColumns: Set<String> = ["summary-events/Результаты", "summary-exits/Основание", "summary-identification/Основания"]

    /// The summary report as the public page shows it: no personal columns, no free-text columns, the
    /// management decisions as counts only (their texts may name people), and every count or share of fewer
    /// than 10 pupils as «<10». Where a pupil figure was suppressed, the sentences built from those figures
    /// and the chart of them are left out too.
    public static func publicSummary(_ report: SummaryReport) -> SummaryReport {
        var report = report
        var dropped = Set<String>()
        report.sections = report.sections.map { section in
            var section = section
            if section.number == 7 { section.tables = [] }
            var suppressed = false
            section.tables = section.tables.map { table in
                let keep = table.columns.indices.filter { i in
                    !table.columns[i].isPersonal && !freeTextColumns.contains("\(table.id)/\(table.columns[i].title)")
                }
                var t = table
                t.columns = keep.map { table.columns[$0] }
                t.rows = table.rows.map { row in
                    keep.map { i -> SummaryCell in
                        guard i < row.count else { return .none }
                        let cell = row[i]
                        guard pupilTables.contains(table.id) else { return cell }
                        switch cell {
                        case .share(let s):
                            if SmallGroupSuppression.share(s.count, of: s.total) == .suppressed { suppressed = true; return .text(SmallGroupSuppression.mark) }
                            return cell
                        case .count(let n) where table.columns[i].title.contains("участников"):
                            if SmallGroupSuppression.count(n) == .suppressed { suppressed = true; return .text(SmallGroupSuppression.mark) }
                            return cell
                        default: return cell
                        }
                    }
                }
                return t
            }
            if suppressed {
                section.charts = []
                dropped.formUnion(section.paragraphs.dropFirst())
                section.paragraphs = Array(section.paragraphs.prefix(1))
                    + ["Часть показателей не приводится: в группе меньше \(SmallGroupSuppression.minimumGroup) обучающихся («\(SmallGroupSuppression.mark)»)."]
            }
            return section
        }
        report.conclusions = report.conclusions.filter { !dropped.contains($0) }
        return report
    }
}
