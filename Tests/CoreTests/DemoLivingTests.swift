import Foundation
import GRDB
import Testing
@testable import Core

/// The living demo (issue 14, item 1): the seeds' history continued to the running school year of the demo's day.
@Suite struct DemoLivingTests {
    static let today = "2026-12-07"

    @Test func theDemoRunsToTheRunningYearOfItsDay() throws {
        let database = try makeDemoDatabase(today: Self.today)
        try database.read { db in
            func int(_ sql: String, _ arguments: StatementArguments = []) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: arguments) ?? -1 }
            // Statuses to the running year, results to the year before it (the running year's arrive in spring).
            #expect(try int("SELECT MAX(schoolYear) FROM schoolStatus") == 2026)
            #expect(try int("SELECT MAX(schoolYear) FROM result") == 2025)
            #expect(try SchoolDirectory(database: database).defaultYear(db) == SchoolYear(2026))
            // The lists after the seeds are what the identification finds in the results, confirmed with its reasons.
            for year in 2024...2026 {
                let report = try IdentificationService.identify(db, .console, year: SchoolYear(year), municipalityId: nil,
                                                                settings: IdentificationSettings.current(db))
                let listed = try Set(Int64.fetchAll(db, sql: "SELECT schoolId FROM schoolStatus WHERE schoolYear = ? AND flag = 'lowResults'",
                                                    arguments: [year]))
                #expect(!listed.isEmpty)
                #expect(Set(report.identified.map(\.schoolId)) == listed, "year \(year)")
                #expect(report.identified.allSatisfy { $0.isConfirmed })
            }
            // Every school of the running year's list has a curator under an order (where the municipality has curators:
            // the seeds give Кировский and Кемеровский none), and partners.
            #expect(try int("""
                SELECT COUNT(*) FROM schoolStatus s JOIN school ON school.id = s.schoolId WHERE s.schoolYear = 2026 AND s.flag = 'lowResults'
                AND EXISTS (SELECT 1 FROM user u WHERE u.role = 'curator' AND u.municipalityId = school.municipalityId)
                AND NOT EXISTS (SELECT 1 FROM curatorAssignment a WHERE a.schoolId = s.schoolId AND a.schoolYear = 2026 AND a.orderNumber IS NOT NULL)
                """) == 0)
            #expect(try int("""
                SELECT COUNT(*) FROM schoolStatus s WHERE s.schoolYear = 2026 AND s.flag = 'lowResults'
                AND NOT EXISTS (SELECT 1 FROM partnership p JOIN partnershipMember m ON m.partnershipId = p.id
                                WHERE p.lowResultsSchoolId = s.schoolId AND p.schoolYear = 2026)
                """) == 0)
            // Roadmaps of the running year in every state; a second revision under way.
            #expect(try Set(String.fetchAll(db, sql: "SELECT DISTINCT status FROM roadmap WHERE schoolYear = 2026 AND schoolId IS NOT NULL"))
                    == ["draft", "submitted", "returned", "approved"])
            #expect(try int("SELECT COUNT(*) FROM roadmap WHERE schoolYear = 2026 AND revision = 2") > 0)
            // The open I полугодие is due after today; its reports in every state.
            let open = try Row.fetchAll(db, sql: "SELECT schoolYear, half, dueDate FROM reportPeriod WHERE isOpen = 1")
            #expect(!open.isEmpty && open.allSatisfy { $0["schoolYear"] == 2026 && $0["half"] == 1 && ($0["dueDate"] as String) > Self.today })
            #expect(try Set(String.fetchAll(db, sql: """
                SELECT DISTINCT r.status FROM report r JOIN reportPeriod p ON p.id = r.periodId WHERE p.schoolYear = 2026
                """)) == ["draft", "submitted", "accepted", "returned"])
            // Earlier periods closed, their reports accepted but for a few late ones of the last closed period.
            #expect(try int("SELECT COUNT(*) FROM reportPeriod WHERE schoolYear < 2026 AND (isOpen = 1 OR closedAt IS NULL)") == 0)
            #expect(try int("""
                SELECT COUNT(*) FROM report r JOIN reportPeriod p ON p.id = r.periodId WHERE p.schoolYear < 2026 AND r.status <> 'accepted'
                AND NOT (p.schoolYear = 2025 AND p.half = 2 AND r.status = 'draft')
                """) == 0)
            #expect(try int("""
                SELECT COUNT(*) FROM report r JOIN reportPeriod p ON p.id = r.periodId WHERE p.schoolYear = 2025 AND p.half = 2 AND r.status = 'draft'
                """) > 0)
            // Events this month and next; decisions overdue and due ahead.
            #expect(try int("SELECT COUNT(*) FROM municipalEvent WHERE heldOn LIKE '2026-12-%'") > 0)
            #expect(try int("SELECT COUNT(*) FROM municipalEvent WHERE heldOn LIKE '2027-01-%'") > 0)
            #expect(try int("SELECT COUNT(*) FROM managementDecision WHERE schoolYear = 2026 AND status IN ('open', 'inProgress') AND dueOn < ?",
                            [Self.today]) > 0)
            #expect(try int("SELECT COUNT(*) FROM managementDecision WHERE schoolYear = 2026 AND status IN ('open', 'inProgress') AND dueOn >= ?",
                            [Self.today]) > 0)
        }
    }

    /// The autumn as the users saw it: notifications and the audit trail dated in the running year, none today or later.
    @Test func nothingIsDatedTodayOrLaterAndTheAutumnHasItsTrail() throws {
        let database = try makeDemoDatabase(today: Self.today)
        let start = DemoDay.utc("2026-09-01", "00:00"), today = DemoDay.utc(Self.today, "00:00")
        try database.read { db in
            for (table, column) in [("auditEntry", "at"), ("notification", "createdAt"), ("roadmapEvent", "at"), ("reportEvent", "at"),
                                    ("comment", "createdAt"), ("user", "createdAt"), ("schoolStatusChange", "changedAt"),
                                    ("curatorAssignment", "createdAt"), ("municipalEvent", "createdAt"), ("result", "updatedAt")] {
                let latest = try Date.fetchOne(db, sql: "SELECT MAX(\(column)) FROM \(table)")
                #expect(latest.map { $0 < today } == true, "\(table).\(column): \(String(describing: latest))")
            }
            #expect(try String.fetchOne(db, sql: "SELECT MAX(visitedOn) FROM curatorVisit")! < Self.today)
            let notifications = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification WHERE createdAt >= ?", arguments: [start])!
            #expect(notifications > 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification WHERE createdAt < ?", arguments: [start])! == 0)
            #expect(try Set(String.fetchAll(db, sql: "SELECT DISTINCT kind FROM notification")).isSuperset(of: ["periodOpened", "reportReturned", "roadmapApproved", "decisionAddressed"]))
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification WHERE readAt IS NULL")! > 0)
            let autumn = try Set(String.fetchAll(db, sql: "SELECT DISTINCT entity || '/' || action FROM auditEntry WHERE at >= ?", arguments: [start]))
            #expect(autumn.isSuperset(of: ["roadmap/submitted", "roadmap/approved", "roadmap/returned", "report/submit", "report/return",
                                           "managementDecision/create", "municipalEvent/create", "curatorVisit/create"]))
            // The list of the running year, confirmed by the coordinators at the end of August.
            #expect(try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM auditEntry a JOIN user u ON u.id = a.actorId
                WHERE a.entity = 'schoolStatus' AND a.action = 'set' AND u.role = 'municipal' AND a.at >= ? AND a.at < ?
                """, arguments: [DemoDay.utc("2026-08-01"), start])! > 0)
            // Listed by id, the trail runs in time order.
            let ats = try Date.fetchAll(db, sql: "SELECT at FROM auditEntry ORDER BY id")
            #expect(ats == ats.sorted())
        }
    }

    /// The same seed and day give the same database. What must differ: the password hashes (a random salt per load),
    /// the stored files' storage names (a random part by design) and the procedures' timestamps (the migration's clock).
    @Test func theSameDayGivesTheSameDatabase() throws {
        func dump(_ database: AppDatabase) throws -> [String: [String]] {
            try database.read { db in
                var out: [String: [String]] = [:]
                let tables = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                    """)
                for table in tables {
                    let differing = ["user": ["passwordHash"], "storedFile": ["safeName"], "procedure": ["createdAt", "updatedAt"]]
                    let columns = try db.columns(in: table).map(\.name).filter { !(differing[table] ?? []).contains($0) }
                    let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                    out[table] = try Row.fetchAll(db, sql: "SELECT \(list) FROM \"\(table)\" ORDER BY \(list)").map(\.description)
                }
                return out
            }
        }
        let a = try dump(makeDemoDatabase(today: Self.today)), b = try dump(makeDemoDatabase(today: Self.today))
        #expect(a.keys.sorted() == b.keys.sorted())
        for table in a.keys.sorted() {
            #expect(a[table] == b[table], "table \(table) differs")
        }
        #expect(a["roadmap"]?.isEmpty == false)
    }

    /// Before the seeds' last year ended the demo is the seeds' history alone, with 2023/2024 running.
    @Test func anEarlierDayRunsTheSeedsLastYear() throws {
        let database = try makeDemoDatabase(today: "2024-03-01")
        try database.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT MAX(schoolYear) FROM schoolStatus") == 2023)
            #expect(try Int.fetchOne(db, sql: "SELECT MAX(schoolYear) FROM result") == 2022)
            let open = try Row.fetchAll(db, sql: "SELECT schoolYear, dueDate FROM reportPeriod WHERE isOpen = 1")
            #expect(!open.isEmpty && open.allSatisfy { $0["schoolYear"] == 2023 && ($0["dueDate"] as String) > "2024-03-01" })
            #expect(try Set(String.fetchAll(db, sql: "SELECT DISTINCT status FROM roadmap WHERE schoolYear = 2023 AND schoolId IS NOT NULL"))
                    == ["draft", "submitted", "returned", "approved"])
        }
    }

    @Test func theDayMustBeARealDayFromTheSeedsLastYear() {
        #expect(DemoDay.parse("2026-12-07") != nil)
        #expect(DemoDay.parse("2024-03-01") != nil)
        for bad in ["", "2026-12-7", "07.12.2026", "2026-02-30", "2026-13-01", "2023-08-31", "2101-01-01", "abcd-ef-gh", "2026-12-07x"] {
            #expect(DemoDay.parse(bad) == nil, "\(bad)")
        }
        let day = DemoDay(DemoDay.parse("2026-12-07")!)
        #expect(day.today == "2026-12-07" && day.runningYear == 2026)
        #expect(DemoDay(DemoDay.parse("2026-08-31")!).runningYear == 2025)
        #expect(day.past("2026-12-20") == "2026-12-06" && day.past("2026-10-01") == "2026-10-01")
    }

    @Test func theSyntheticRegionRunsToTheRunningYear() throws {
        let database = try makeTestDatabase()
        let region = SyntheticRegion.make(schools: 120, years: 3, seed: 5, lastYear: 2026)
        _ = try DemoLoader(database: database, hasher: fastHasher).load(region, today: DemoDay.parse(Self.today)!)
        try database.read { (db: Database) throws in
            #expect(try Int.fetchAll(db, sql: "SELECT DISTINCT schoolYear FROM schoolStatus ORDER BY 1") == [2024, 2025, 2026])
            #expect(try Int.fetchOne(db, sql: "SELECT MAX(schoolYear) FROM result") == 2025)
            #expect(try Row.fetchAll(db, sql: "SELECT schoolYear, dueDate FROM reportPeriod WHERE isOpen = 1")
                        .allSatisfy { $0["schoolYear"] == 2026 && ($0["dueDate"] as String) > Self.today })
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM roadmap WHERE schoolYear = 2026")! > 0)
        }
    }
}
