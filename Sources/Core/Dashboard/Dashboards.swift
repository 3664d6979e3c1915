import Foundation
import GRDB

/// Dashboards: each figure is computed for all schools at once by a few set-based queries (one per kind of figure,
/// grouped in SQL or in one pass), never a query per school. Results are kept until a commit touches what they read.
public struct Dashboards: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    // MARK: Years

    /// School years with programme data (statuses or roadmaps) in the municipality (nil: the region), newest first,
    /// not later than the running one; the running year when there are none.
    static func years(_ db: Database, municipalityId: Int64?, running: SchoolYear) throws -> [SchoolYear] {
        // The region's years straight from the indexes (no join: every page view of the region asks).
        let sql = municipalityId.map { id in """
            SELECT y FROM (
                SELECT s.schoolYear AS y FROM schoolStatus s JOIN school ON school.id = s.schoolId WHERE school.municipalityId = \(id)
                UNION SELECT r.schoolYear FROM roadmap r WHERE r.municipalityId = \(id) AND r.schoolId IS NOT NULL
            ) WHERE y <= ? ORDER BY y DESC
            """ } ?? """
            SELECT y FROM (SELECT DISTINCT schoolYear AS y FROM schoolStatus UNION SELECT DISTINCT schoolYear FROM roadmap WHERE schoolId IS NOT NULL)
            WHERE y <= ? ORDER BY y DESC
            """
        let years = try Int.fetchAll(db, sql: sql, arguments: [running.start])
        return years.isEmpty ? [running] : years.map(SchoolYear.init)
    }

    static func chooseYear(_ requested: SchoolYear?, _ years: [SchoolYear]) -> SchoolYear {
        requested ?? years.first!
    }

    /// The default year: the latest with the working cycle under way (roadmaps or report periods) in the municipality
    /// (nil: the region), not later than the running one, so that a list confirmed for next year does not empty the
    /// dashboard before its roadmaps exist; without any, the latest year with programme data.
    static func workingYear(_ db: Database, municipalityId: Int64?, running: SchoolYear, years: [SchoolYear]) throws -> SchoolYear {
        let condition = municipalityId.map { "municipalityId = \($0)" } ?? "1"
        let latest = try Int.fetchOne(db, sql: """
            SELECT MAX(y) FROM (
                SELECT schoolYear AS y FROM roadmap WHERE schoolId IS NOT NULL AND \(condition)
                UNION ALL SELECT schoolYear FROM reportPeriod WHERE \(condition)
            ) WHERE y <= ?
            """, arguments: [running.start])
        return latest.map(SchoolYear.init) ?? years.first!
    }

    // MARK: Municipality

    public func municipality(_ scope: Scope, municipalityId: Int64, year requested: SchoolYear? = nil) throws -> MunicipalityDashboard {
        let version = database.changes.version(database.dashboards.name)
        return try database.read { db in
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM municipality WHERE id = ?", arguments: [municipalityId]) else {
                throw DomainError.notFound
            }
            try Policy.requireReadMunicipalityDashboard(scope, municipalityId: municipalityId)
            let running = SchoolYear.containing(database.now)
            let years = try Self.years(db, municipalityId: municipalityId, running: running)
            let year = try requested ?? Self.workingYear(db, municipalityId: municipalityId, running: running, years: years)
            let computed = try cached(scope, .municipality(municipalityId), year, version: version, db)
            var figures = computed.figures[municipalityId] ?? DashboardFigures(municipalityId: municipalityId, municipalityName: name)
            figures.municipalityName = name
            var dashboard = MunicipalityDashboard(year: year, years: years, figures: figures, schools: computed.schools)
            if Policy.mayReadSchoolActivity(scope) {
                dashboard.schools = try Self.withActivity(db, dashboard.schools, municipalityId: municipalityId)
                dashboard.flags = try WatchFlags.evaluate(db, scope, municipalityId: municipalityId, now: database.now)
            }
            return dashboard
        }
    }

    // MARK: Region

    public func region(_ scope: Scope, year requested: SchoolYear? = nil) throws -> RegionDashboard {
        try Policy.requireReadRegionDashboard(scope)
        let version = database.changes.version(database.dashboards.name)
        return try database.read { db in
            let running = SchoolYear.containing(database.now)
            let years = try Self.years(db, municipalityId: nil, running: running)
            let year = try requested ?? Self.workingYear(db, municipalityId: nil, running: running, years: years)
            let computed = try cached(scope, .region, year, version: version, db)
            let municipalities = try Row.fetchAll(db, sql: "SELECT id, name FROM municipality WHERE archivedAt IS NULL ORDER BY name")
            let rows = municipalities.map { m -> DashboardFigures in
                let id: Int64 = m["id"]
                var f = computed.figures[id] ?? DashboardFigures(municipalityId: id, municipalityName: m["name"])
                f.municipalityName = m["name"]
                return f
            }
            return RegionDashboard(year: year, years: years, rows: rows, total: Self.sum(rows),
                                   watched: try Self.withActivity(db, computed.schools.filter(\.isWatched), municipalityId: nil),
                                   flags: try WatchFlags.evaluate(db, scope, municipalityId: nil, now: database.now))
        }
    }

    /// The schools with their last activity: read on every view rather than cached with the figures, which every
    /// audited change would otherwise throw away.
    static func withActivity(_ db: Database, _ schools: [DashboardSchool], municipalityId: Int64?) throws -> [DashboardSchool] {
        guard !schools.isEmpty else { return schools }
        let condition: SQL = municipalityId.map { "school.municipalityId = \($0)" } ?? "1"
        let activity = try SchoolActivity.lastActivity(db, schools: condition)
        return schools.map { var s = $0; s.lastActivity = activity[s.id]; return s }
    }

    static func sum(_ rows: [DashboardFigures]) -> DashboardFigures {
        var t = DashboardFigures(municipalityId: nil, municipalityName: "Регион")
        for f in rows {
            t.schools += f.schools
            for (k, v) in f.flagCounts { t.flagCounts[k, default: 0] += v }
            for (k, v) in f.roadmapCounts { t.roadmapCounts[k, default: 0] += v }
            for (k, v) in f.reportCounts { t.reportCounts[k, default: 0] += v }
            t.reportTotal += f.reportTotal
            t.measures += f.measures; t.measuresDone += f.measuresDone; t.measuresOverdue += f.measuresOverdue
            t.schoolsWithOverdue += f.schoolsWithOverdue
            t.documentsComplete += f.documentsComplete; t.documentsIncomplete += f.documentsIncomplete
            t.withoutCurator += f.withoutCurator
            t.openProposals += f.openProposals; t.signals += f.signals; t.overdueDecisions += f.overdueDecisions
            t.staff = t.staff + f.staff
        }
        return t
    }

    // MARK: Curator

    public func curator(_ scope: Scope, year requested: SchoolYear? = nil) throws -> CuratorDashboard {
        let userId = try Policy.requireCuratorDashboard(scope)
        let version = database.changes.version(database.dashboards.name)
        let (year, years, schools) = try database.read { db -> (SchoolYear, [SchoolYear], [DashboardSchool]) in
            let running = SchoolYear.containing(database.now)
            var years = try Int.fetchAll(db, sql: "SELECT DISTINCT schoolYear FROM curatorAssignment WHERE curatorId = ? AND schoolYear <= ? ORDER BY schoolYear DESC",
                                         arguments: [userId, running.start]).map(SchoolYear.init)
            if years.isEmpty { years = [running] }
            let year = Self.chooseYear(requested, years)
            let computed = try cached(scope, .curator(userId), year, version: version, db)
            return (year, years, computed.schools)
        }
        let review = try ReviewQueue(database: database).items(scope, year: year)
        return CuratorDashboard(year: year, years: years, schools: schools, review: review)
    }

    // MARK: Director

    public func director(_ scope: Scope, year requested: SchoolYear? = nil) throws -> DirectorDashboard {
        let schoolId = try Policy.requireSchoolDashboard(scope)
        let today = Moscow.day(database.now)
        let version = database.changes.version(database.dashboards.name)
        var dashboard = try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let running = SchoolYear.containing(database.now)
            var years = try Int.fetchAll(db, sql: """
                SELECT y FROM (SELECT schoolYear AS y FROM schoolStatus WHERE schoolId = ? UNION SELECT schoolYear FROM roadmap WHERE schoolId = ?)
                WHERE y <= ? ORDER BY y DESC
                """, arguments: [schoolId, schoolId, running.start]).map(SchoolYear.init)
            if years.isEmpty { years = [running] }
            let roadmapYear = try Int.fetchOne(db, sql: "SELECT MAX(schoolYear) FROM roadmap WHERE schoolId = ? AND schoolYear <= ?",
                                               arguments: [schoolId, running.start])
            let year = requested ?? roadmapYear.map(SchoolYear.init) ?? years[0]
            let computed = try cached(scope, .school(schoolId), year, version: version, db)
            let school = try computed.schools.first ?? Self.bareSchool(db, schoolId)
            let municipalityId = school.municipalityId
            let period = try Self.choosePeriods(db, year: year, municipalityId: municipalityId)[municipalityId]
            let overdue = try Row.fetchAll(db, sql: """
                SELECT m.title, m.dueText, m.dueTo FROM measure m JOIN roadmap r ON r.id = m.roadmapId
                WHERE r.schoolId = ? AND r.schoolYear = ? AND m.dueTo IS NOT NULL AND m.dueTo < ?
                  AND NOT EXISTS (SELECT 1 FROM reportItem i WHERE i.measureId = m.id AND i.status IN ('done', 'cancelled'))
                ORDER BY m.dueTo, m.position
                """, arguments: [schoolId, year.start, today]).map {
                DirectorDashboard.OverdueMeasure(title: $0["title"], dueText: $0["dueText"], dueTo: $0["dueTo"])
            }
            var returned: [DirectorDashboard.Returned] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT r.id, r.schoolYear, r.updatedAt, e.comment, e.at, u.fullName FROM roadmap r
                LEFT JOIN roadmapEvent e ON e.id = (SELECT MAX(id) FROM roadmapEvent WHERE roadmapId = r.id AND action = 'returned')
                LEFT JOIN user u ON u.id = e.actorId
                WHERE r.schoolId = ? AND r.status = 'returned' ORDER BY r.schoolYear DESC
                """, arguments: [schoolId]) {
                returned.append(.init(kind: .roadmap, id: row["id"], title: "Дорожная карта \(SchoolYear(row["schoolYear"]).title)",
                                      at: row["at"] ?? row["updatedAt"], year: row["schoolYear"], comment: row["comment"] ?? "",
                                      reviewer: row["fullName"]))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT rep.id, p.half, p.schoolYear, rep.updatedAt, e.comment, u.fullName FROM report rep JOIN roadmap r ON r.id = rep.roadmapId
                JOIN reportPeriod p ON p.id = rep.periodId
                LEFT JOIN reportEvent e ON e.id = (SELECT MAX(id) FROM reportEvent WHERE reportId = rep.id AND action = 'returned')
                LEFT JOIN user u ON u.id = e.actorId
                WHERE r.schoolId = ? AND rep.status = 'returned' ORDER BY p.schoolYear DESC, p.half DESC
                """, arguments: [schoolId]) {
                let half: Int = row["half"]
                returned.append(.init(kind: .report, id: row["id"],
                                      title: "Отчёт за \(half == 1 ? "I" : "II") полугодие \(SchoolYear(row["schoolYear"]).title)", at: row["updatedAt"],
                                      comment: row["comment"] ?? "", reviewer: row["fullName"]))
            }
            return DirectorDashboard(school: school, year: year, years: years, period: period, overdueMeasures: overdue,
                                     missingDocuments: [], returned: returned)
        }
        let set = try Documents(database: database).schoolSet(scope, schoolId: schoolId, year: dashboard.year)
        dashboard.missingDocuments = set.slots.filter { $0.state == .missing }.map(\.title)
        let returnedDocuments = set.slots.filter { $0.state == .returned }.compactMap { slot in slot.documentId.map { (id: $0, slot: slot) } }
        try database.read { db in
            for (id, slot) in returnedDocuments {
                let review = try Row.fetchOne(db, cachedSQL: """
                    SELECT r.comment, r.reviewedAt, u.fullName FROM documentReview r JOIN documentVersion v ON v.id = r.versionId
                    LEFT JOIN user u ON u.id = r.reviewerId WHERE v.documentId = ? AND v.isCurrent = 1 ORDER BY r.id DESC LIMIT 1
                    """, arguments: [id])
                dashboard.returned.append(.init(kind: .document, id: id, title: slot.title, at: review?["reviewedAt"] ?? slot.uploadedAt,
                                                comment: review?["comment"] ?? "", reviewer: review?["fullName"]))
            }
        }
        return dashboard
    }

    static func bareSchool(_ db: Database, _ id: Int64) throws -> DashboardSchool {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT school.id, school.shortName, school.name, school.municipalityId, m.name AS municipalityName
            FROM school JOIN municipality m ON m.id = school.municipalityId WHERE school.id = ?
            """, arguments: [id]) else { throw DomainError.notFound }
        return DashboardSchool(id: id, shortName: row["shortName"], name: row["name"], municipalityId: row["municipalityId"],
                               municipalityName: row["municipalityName"], flags: [], isWatched: false, inProgramme: false,
                               roadmapId: nil, roadmapState: .none, reportId: nil, reportStatus: nil, reportLate: false,
                               measures: 0, measuresDone: 0, measuresOverdue: 0, documentsExpected: 0, documentsPresent: 0)
    }

    // MARK: Watchlist

    /// Pins a school to the acting coordinator's watchlist (nothing changes if it is there already).
    public func watch(_ scope: Scope, schoolId: Int64) throws {
        let now = database.now
        try database.write { db in
            try Policy.requireWatch(scope, school: schoolId, db)
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM watchlistEntry WHERE userId = ? AND schoolId = ?)",
                                           arguments: [scope.userId, schoolId]) == true
            guard !exists else { return }
            try db.execute(sql: "INSERT INTO watchlistEntry (userId, schoolId, createdAt) VALUES (?, ?, ?)", arguments: [scope.userId, schoolId, now])
            try AuditLog.record(db, scope, action: "watchlist.add", entity: "school", id: schoolId, before: String?.none,
                                after: ["userId": scope.userId ?? 0], at: now)
        }
    }

    /// Unpins a school from the acting coordinator's watchlist.
    public func unwatch(_ scope: Scope, schoolId: Int64) throws {
        let now = database.now
        try database.write { db in
            try Policy.requireWatch(scope, school: schoolId, db)
            try db.execute(sql: "DELETE FROM watchlistEntry WHERE userId = ? AND schoolId = ?", arguments: [scope.userId, schoolId])
            if db.changesCount > 0 {
                try AuditLog.record(db, scope, action: "watchlist.remove", entity: "school", id: schoolId,
                                    before: ["userId": scope.userId ?? 0], after: String?.none, at: now)
            }
        }
    }

    /// Whether the school is on the acting user's watchlist.
    public func isWatched(_ scope: Scope, schoolId: Int64) throws -> Bool {
        guard let userId = scope.userId else { return false }
        return try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM watchlistEntry WHERE userId = ? AND schoolId = ?)", arguments: [userId, schoolId]) == true
        }
    }

    // MARK: Computation

    enum Subject: Hashable, Sendable {
        case region, municipality(Int64), curator(Int64), school(Int64)

        var condition: String {
            switch self {
            case .region: "1"
            case .municipality(let id): "school.municipalityId = \(id)"
            case .curator(let id): "school.id IN (SELECT schoolId FROM curatorAssignment WHERE curatorId = \(id))"
            case .school(let id): "school.id = \(id)"
            }
        }

        /// The condition for school year `year`: a curator's schools are those assigned to them for that year.
        func condition(year: Int) -> String {
            if case .curator(let id) = self {
                return "school.id IN (SELECT schoolId FROM curatorAssignment WHERE curatorId = \(id) AND schoolYear = \(year))"
            }
            return condition
        }
        var municipalityId: Int64? { if case .municipality(let id) = self { id } else { nil } }
    }

    struct Computed: Sendable {
        var schools: [DashboardSchool]
        var figures: [Int64: DashboardFigures]
    }

    struct CacheKey: Hashable, Sendable {
        var subject: Subject
        var userId: Int64?
        var year: Int
        var today: String
    }

    /// The figures, kept until a commit writes into what they were computed from; `version` is the cache's, read
    /// before the read transaction began, so that an entry never holds data older than its version.
    func cached(_ scope: Scope, _ subject: Subject, _ year: SchoolYear, version: UInt64, _ db: Database) throws -> Computed {
        let today = Moscow.day(database.now)
        let key = CacheKey(subject: subject, userId: scope.userId, year: year.start, today: today)
        return try database.dashboards.value(key, version: version, in: database, db) {
            try Self.compute(db, scope, subject, year: year, today: today)
        }
    }

    /// The report period shown per municipality for the year: the open one, else the latest opened, else the first.
    static func choosePeriods(_ db: Database, year: SchoolYear, municipalityId: Int64?) throws -> [Int64: ReportPeriodItem] {
        var sql = "SELECT * FROM reportPeriod WHERE schoolYear = ?"
        var arguments: StatementArguments = [year.start]
        if let municipalityId { sql += " AND municipalityId = ?"; arguments += [municipalityId] }
        var byMunicipality: [Int64: [ReportPeriodItem]] = [:]
        for p in try Row.fetchAll(db, sql: sql, arguments: arguments).map(ReportPeriodItem.from) {
            byMunicipality[p.municipalityId, default: []].append(p)
        }
        return byMunicipality.mapValues { periods in
            let sorted = periods.sorted { $0.half < $1.half }
            return sorted.first(where: \.isOpen) ?? sorted.last(where: { $0.openedAt != nil }) ?? sorted[0]
        }
    }

    static func compute(_ db: Database, _ scope: Scope, _ subject: Subject, year: SchoolYear, today: String) throws -> Computed {
        let y = year.start
        let cond = subject.condition(year: y)
        // 1. Flags in force this year.
        var flags: [Int64: [StatusFlag]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.schoolId, s.flag FROM schoolStatus s JOIN school ON school.id = s.schoolId WHERE s.schoolYear = ? AND \(cond)
            """, arguments: [y]) {
            if let flag = StatusFlag(rawValue: row[1]) { flags[row[0], default: []].append(flag) }
        }
        // 2. Roadmaps of the year.
        var roadmaps: [Int64: (id: Int64, status: String)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT r.schoolId, r.id, r.status FROM roadmap r JOIN school ON school.id = r.schoolId WHERE r.schoolYear = ? AND \(cond)
            """, arguments: [y]) {
            roadmaps[row[0]] = (row[1], row[2])
        }
        // 2b. Schools with a curator assigned for the year.
        let curated = try Set(Int64.fetchAll(db, sql: """
            SELECT DISTINCT a.schoolId FROM curatorAssignment a JOIN school ON school.id = a.schoolId WHERE a.schoolYear = ? AND \(cond)
            """, arguments: [y]))
        // 3. Watched schools.
        let watched = try Set(Int64.fetchAll(db, sql: "SELECT schoolId FROM watchlistEntry WHERE userId = ?", arguments: [scope.userId ?? -1]))
        // 4. The schools shown: in the programme (a flag other than partner, or a roadmap), watched ones, the curator's.
        let shownCondition: String
        switch subject {
        case .curator, .school: shownCondition = "1"
        case .region, .municipality:
            shownCondition = """
                (school.archivedAt IS NULL AND EXISTS (SELECT 1 FROM schoolStatus s WHERE s.schoolId = school.id AND s.schoolYear = \(y) AND s.flag <> 'partner'))
                OR EXISTS (SELECT 1 FROM roadmap r WHERE r.schoolId = school.id AND r.schoolYear = \(y))
                OR school.id IN (SELECT schoolId FROM watchlistEntry WHERE userId = \(scope.userId ?? -1))
                """
        }
        let schoolRows = try Row.fetchAll(db, sql: """
            SELECT school.id, school.shortName, school.name, school.municipalityId, m.name
            FROM school JOIN municipality m ON m.id = school.municipalityId
            WHERE \(cond) AND (\(shownCondition))
            """)
        // 5. Measures per roadmap: done (a report item says so), overdue (last day passed, neither done nor cancelled).
        var measures: [Int64: (total: Int, done: Int, overdue: Int)] = [:]
        for row in try Row.fetchAll(db, sql: """
            WITH closed AS (
                SELECT i.measureId, MAX(i.status = 'done') AS done
                FROM reportItem i JOIN report rep ON rep.id = i.reportId JOIN roadmap r ON r.id = rep.roadmapId
                JOIN school ON school.id = r.schoolId
                WHERE r.schoolYear = ? AND i.status IN ('done', 'cancelled') AND i.measureId IS NOT NULL AND \(cond)
                GROUP BY i.measureId
            )
            SELECT m.roadmapId, COUNT(*), SUM(COALESCE(c.done, 0)),
                   SUM(CASE WHEN c.measureId IS NULL AND m.dueTo IS NOT NULL AND m.dueTo < ? THEN 1 ELSE 0 END)
            FROM measure m JOIN roadmap r ON r.id = m.roadmapId JOIN school ON school.id = r.schoolId
            LEFT JOIN closed c ON c.measureId = m.id
            WHERE r.schoolYear = ? AND \(cond)
            GROUP BY m.roadmapId
            """, arguments: [y, today, y]) {
            measures[row[0]] = (row[1], row[2], row[3])
        }
        // 6. Report periods and reports.
        let periods = try choosePeriods(db, year: year, municipalityId: subject.municipalityId)
        var reports: [Int64: (id: Int64, status: ReportStatus?, submittedAt: Date?, periodId: Int64)] = [:]
        let periodIds = periods.values.map(\.id)
        if !periodIds.isEmpty {
            for row in try Row.fetchAll(db, sql: """
                SELECT rep.roadmapId, rep.id, rep.status, rep.submittedAt, rep.periodId
                FROM report rep JOIN roadmap r ON r.id = rep.roadmapId JOIN school ON school.id = r.schoolId
                WHERE rep.periodId IN (\(periodIds.map(String.init).joined(separator: ","))) AND \(cond)
                """) {
                reports[row[0]] = (row[1], ReportStatus(rawValue: row[2]), row[3], row[4])
            }
        }
        // 7. Document set: expected kinds, chosen risk factors, documents with a current version.
        let kinds = try Row.fetchAll(db, sql: "SELECT id, perRiskFactor FROM documentKind WHERE archivedAt IS NULL AND isExpected = 1")
        let plainKinds = Set(kinds.filter { !($0[1] as Bool) }.map { $0[0] as Int64 })
        let riskKinds = Set(kinds.filter { $0[1] as Bool }.map { $0[0] as Int64 })
        var chosen: [Int64: Set<Int64>] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT p.schoolId, e.riskFactorId FROM riskProfileEntry e JOIN riskProfile p ON p.id = e.profileId
            JOIN school ON school.id = p.schoolId WHERE p.schoolYear = ? AND e.isChosen = 1 AND \(cond)
            """, arguments: [y]) {
            chosen[row[0], default: []].insert(row[1])
        }
        var docs: [Int64: [(kind: Int64, factor: Int64?)]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT d.schoolId, d.kindId, d.riskFactorId FROM document d JOIN school ON school.id = d.schoolId
            WHERE d.schoolYear = ? AND \(cond) AND EXISTS (SELECT 1 FROM documentVersion v WHERE v.documentId = d.id AND v.isCurrent = 1)
            """, arguments: [y]) {
            docs[row[0], default: []].append((row[1], row[2]))
        }

        // The rows.
        var schools: [DashboardSchool] = []
        schools.reserveCapacity(schoolRows.count)
        for row in schoolRows {
            let id: Int64 = row[0]
            let municipalityId: Int64 = row[3]
            let schoolFlags = (flags[id] ?? []).sorted { $0.sortOrder < $1.sortOrder }
            let roadmap = roadmaps[id]
            let m = roadmap.flatMap { measures[$0.id] } ?? (0, 0, 0)
            let period = periods[municipalityId]
            let report = roadmap.flatMap { reports[$0.id] }.flatMap { $0.periodId == period?.id ? $0 : nil }
            let late = roadmap != nil && period.map { Reports.isLate(dueDate: $0.dueDate, submittedAt: report?.submittedAt, today: today) } == true
            let schoolChosen = chosen[id] ?? []
            let schoolDocs = docs[id] ?? []
            var expected = plainKinds.count, present = Set(schoolDocs.map(\.kind)).intersection(plainKinds).count
            for kind in riskKinds {
                let ofKind = schoolDocs.filter { $0.kind == kind }
                if schoolChosen.isEmpty {
                    expected += 1; present += ofKind.isEmpty ? 0 : 1
                } else {
                    expected += schoolChosen.count
                    present += schoolChosen.filter { f in ofKind.contains { $0.factor == f } }.count
                }
            }
            schools.append(DashboardSchool(
                id: id, shortName: row[1], name: row[2], municipalityId: municipalityId, municipalityName: row[4],
                flags: schoolFlags, isWatched: watched.contains(id),
                inProgramme: roadmap != nil || schoolFlags.contains { $0 != .partner },
                roadmapId: roadmap?.id, roadmapState: roadmap.flatMap { DashboardRoadmapState(rawValue: $0.status) } ?? .none,
                reportId: report?.id, reportStatus: report?.status, reportLate: late,
                measures: m.total, measuresDone: m.done, measuresOverdue: m.overdue,
                documentsExpected: expected, documentsPresent: present, hasCurator: curated.contains(id)))
        }
        let names = Dictionary(schools.map { ($0.id, NaturalSortKey($0.shortName)) }, uniquingKeysWith: { a, _ in a })
        schools.sort { a, b in
            if a.isWatched != b.isWatched { return a.isWatched }
            if names[a.id]! != names[b.id]! { return names[a.id]! < names[b.id]! }
            return a.id < b.id
        }

        // Figures per municipality.
        var figures: [Int64: DashboardFigures] = [:]
        for s in schools {
            var f = figures[s.municipalityId] ?? DashboardFigures(municipalityId: s.municipalityId, municipalityName: s.municipalityName)
            if f.period == nil { f.period = periods[s.municipalityId] }
            if s.inProgramme {
                f.schools += 1
                for flag in s.flags { f.flagCounts[flag, default: 0] += 1 }
                f.roadmapCounts[s.roadmapState, default: 0] += 1
                if s.documentsComplete { f.documentsComplete += 1 } else { f.documentsIncomplete += 1 }
                if s.isListedWithoutCurator { f.withoutCurator += 1 }
            }
            if s.roadmapId != nil {
                f.reportTotal += 1
                if f.period != nil { for state in s.reportStates { f.reportCounts[state, default: 0] += 1 } }
                f.measures += s.measures; f.measuresDone += s.measuresDone; f.measuresOverdue += s.measuresOverdue
                if s.measuresOverdue > 0 { f.schoolsWithOverdue += 1 }
            }
            figures[s.municipalityId] = f
        }
        for (id, p) in periods where figures[id] == nil {
            var f = DashboardFigures(municipalityId: id, municipalityName: "")
            f.period = p
            figures[id] = f
        }

        switch subject {
        case .region, .municipality:
            let municipalityFilter = subject.municipalityId.map { "AND municipalityId = \($0)" } ?? ""
            // Overdue management decisions (the registry of issue 7).
            for row in try Row.fetchAll(db, sql: """
                SELECT municipalityId, COUNT(*) FROM managementDecision
                WHERE dueOn IS NOT NULL AND dueOn < ? AND status IN ('open', 'inProgress') \(municipalityFilter)
                GROUP BY municipalityId
                """, arguments: [today]) {
                figures[row[0], default: DashboardFigures(municipalityId: row[0], municipalityName: "")].overdueDecisions = row[1]
            }
            // Staff development sums.
            for row in try Row.fetchAll(db, sql: """
                SELECT school.municipalityId, SUM(d.managementTeam), SUM(d.managementTrained), SUM(d.teachers),
                       SUM(d.teachersTrained), SUM(d.teachersWithDeficits)
                FROM staffDevelopment d JOIN school ON school.id = d.schoolId
                WHERE d.schoolYear = ? AND \(cond)
                GROUP BY school.municipalityId
                """, arguments: [y]) {
                var staff = StaffFigures.zero
                staff.managementTeam = row[1]; staff.managementTrained = row[2]; staff.teachers = row[3]
                staff.teachersTrained = row[4]; staff.teachersWithDeficits = row[5]
                figures[row[0], default: DashboardFigures(municipalityId: row[0], municipalityName: "")].staff = staff
            }
            // Identification for the next school year, not yet confirmed; non-objectivity signals of this year.
            let identification = try IdentificationService.identify(db, scope, year: SchoolYear(y + 1), municipalityId: subject.municipalityId,
                                                                     settings: IdentificationSettings.current(db))
            for item in identification.items where item.identified && !item.isConfirmed {
                figures[item.municipalityId, default: DashboardFigures(municipalityId: item.municipalityId, municipalityName: "")].openProposals += 1
            }
            let signals = try NonObjectivitySignals.signals(db, scope, year: year, municipalityId: subject.municipalityId,
                                                            settings: RegionSettings.load(db))
            for s in signals {
                figures[s.municipalityId, default: DashboardFigures(municipalityId: s.municipalityId, municipalityName: "")].signals += 1
            }
        case .curator, .school:
            break
        }
        return Computed(schools: schools, figures: figures)
    }
}
