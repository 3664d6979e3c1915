@testable import Core
import Foundation
import GRDB
import Testing

/// The agenda of school year 2040/2041 (no demo data there): school X (director-ku's, curator-ku assigned), school Y of
/// the same municipality, school Z of another.
struct AgendaFixture {
    let db: AppDatabase
    let x: Int64, y: Int64, z: Int64, municipality: Int64
    let period: Int64, measureMonth: Int64, measureDate: Int64, measureStanding: Int64, measureDone: Int64, measureY: Int64
    let planMeasure: Int64, eventHostedByX: Int64, eventOpen: Int64, eventForY: Int64, decisionForX: Int64, decisionDone: Int64
    let decisionWithdrawn: Int64, reportX: Int64

    init() throws {
        db = try makeDemoDatabase(workingCycle: false)
        var ids: [String: Int64] = [:]
        try db.write { db in
            func one(_ sql: String, _ args: StatementArguments = []) throws -> Int64 { try Int64.fetchOne(db, sql: sql, arguments: args)! }
            func insert(_ sql: String, _ args: StatementArguments = []) throws -> Int64 {
                try db.execute(sql: sql, arguments: args); return db.lastInsertedRowID
            }
            let x = try one("SELECT schoolId FROM user WHERE login = 'director-ku'")
            let m = try one("SELECT municipalityId FROM school WHERE id = ?", [x])
            let y = try one("SELECT schoolId FROM user WHERE login = 'director-ku-02'")
            let z = try one("SELECT id FROM school WHERE municipalityId <> ? ORDER BY id LIMIT 1", [m])
            let zm = try one("SELECT municipalityId FROM school WHERE id = ?", [z])
            let curator = try one("SELECT id FROM user WHERE login = 'curator-ku'")
            let now = "2040-09-01T00:00:00Z"
            try db.execute(sql: "INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdAt) VALUES (?, ?, 2040, ?)", arguments: [curator, x, now])
            let period = try insert("INSERT INTO reportPeriod (municipalityId, schoolYear, half, dueDate, isOpen) VALUES (?, 2040, 1, '2040-12-25', 1)", [m])
            _ = try insert("INSERT INTO reportPeriod (municipalityId, schoolYear, half, dueDate) VALUES (?, 2040, 1, '2040-12-20')", [zm])
            func roadmap(_ school: Int64?, _ municipality: Int64) throws -> Int64 {
                try insert("INSERT INTO roadmap (municipalityId, schoolId, schoolYear, createdAt, updatedAt) VALUES (?, ?, 2040, ?, ?)",
                           [municipality, school, now, now])
            }
            let rx = try roadmap(x, m), ry = try roadmap(y, m), rz = try roadmap(z, zm), plan = try roadmap(nil, m)
            func measure(_ roadmap: Int64, _ title: String, _ kind: String, _ from: String?, _ to: String?, _ text: String) throws -> Int64 {
                try insert("""
                    INSERT INTO measure (roadmapId, position, title, dueKind, dueFrom, dueTo, dueText, createdAt, updatedAt)
                    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)
                    """, [roadmap, title, kind, from, to, text, now, now])
            }
            ids["measureMonth"] = try measure(rx, "Педсовет по итогам ВПР", "month", "2040-11-01", "2040-11-30", "ноябрь")
            ids["measureDate"] = try measure(rx, "Открытые уроки", "date", "2040-10-15", "2040-10-15", "15.10.2040")
            ids["measureStanding"] = try measure(rx, "Консультации", "standing", nil, nil, "в течение года")
            ids["measureDone"] = try measure(rx, "Диагностика", "month", "2040-09-01", "2040-09-30", "сентябрь")
            ids["measureY"] = try measure(ry, "Мероприятие школы Y", "month", "2040-11-01", "2040-11-30", "ноябрь")
            _ = try measure(rz, "Мероприятие школы Z", "month", "2040-11-01", "2040-11-30", "ноябрь")
            ids["planMeasure"] = try measure(plan, "Муниципальный семинар директоров", "month", "2041-02-01", "2041-02-28", "февраль")
            // School X's report is started but not submitted; measureDone is reported done in it.
            let report = try insert("INSERT INTO report (roadmapId, periodId, status, createdAt, updatedAt) VALUES (?, ?, 'draft', ?, ?)", [rx, period, now, now])
            try db.execute(sql: "INSERT INTO reportItem (reportId, measureId, measureTitle, status) VALUES (?, ?, 'Диагностика', 'done')",
                           arguments: [report, ids["measureDone"]!])
            func event(_ title: String, _ day: String, host: Int64?, participants: [Int64]) throws -> Int64 {
                let id = try insert("""
                    INSERT INTO municipalEvent (municipalityId, format, title, heldOn, schoolYear, hostSchoolId, createdAt, updatedAt)
                    VALUES (?, 'seminar', ?, ?, 2040, ?, ?, ?)
                    """, [m, title, day, host, now, now])
                for school in participants {
                    try db.execute(sql: "INSERT INTO municipalEventSchool (eventId, schoolId) VALUES (?, ?)", arguments: [id, school])
                }
                return id
            }
            ids["eventHostedByX"] = try event("Наставничество", "2040-10-20", host: x, participants: [])
            ids["eventOpen"] = try event("Для всех школ", "2040-10-21", host: nil, participants: [])
            ids["eventForY"] = try event("Только для Y", "2040-10-22", host: nil, participants: [y])
            func decision(_ text: String, _ due: String?, status: String, addressee: String, schools: [Int64]) throws -> Int64 {
                let id = try insert("""
                    INSERT INTO managementDecision (municipalityId, schoolYear, text, addressee, dueOn, status, createdAt, updatedAt)
                    VALUES (?, 2040, ?, ?, ?, ?, ?, ?)
                    """, [m, text, addressee, due, status, now, now])
                for school in schools {
                    try db.execute(sql: "INSERT INTO managementDecisionSchool (decisionId, schoolId) VALUES (?, ?)", arguments: [id, school])
                }
                return id
            }
            ids["decisionForX"] = try decision("Провести самообследование", "2040-11-10", status: "open", addressee: "school", schools: [x])
            ids["decisionDone"] = try decision("Утвердить план", "2040-10-01", status: "done", addressee: "all", schools: [])
            ids["decisionWithdrawn"] = try decision("Отменённое решение", "2040-10-02", status: "withdrawn", addressee: "all", schools: [])
            _ = try decision("Бессрочное решение", nil, status: "open", addressee: "all", schools: [])
            ids["x"] = x; ids["y"] = y; ids["z"] = z; ids["m"] = m; ids["period"] = period; ids["report"] = report
        }
        x = ids["x"]!; y = ids["y"]!; z = ids["z"]!; municipality = ids["m"]!; period = ids["period"]!
        measureMonth = ids["measureMonth"]!; measureDate = ids["measureDate"]!; measureStanding = ids["measureStanding"]!
        measureDone = ids["measureDone"]!; measureY = ids["measureY"]!; planMeasure = ids["planMeasure"]!
        eventHostedByX = ids["eventHostedByX"]!; eventOpen = ids["eventOpen"]!; eventForY = ids["eventForY"]!
        decisionForX = ids["decisionForX"]!; decisionDone = ids["decisionDone"]!; decisionWithdrawn = ids["decisionWithdrawn"]!
        reportX = ids["report"]!
    }

    func scope(_ login: String) throws -> Scope {
        try db.read { try Scope(User.filter(Column("login") == login).fetchOne($0)!) }
    }

    func items(_ login: String) throws -> [AgendaItem] {
        try Agenda(database: db).items(try scope(login), from: "2040-09-01", to: "2041-08-31")
    }
}

@Suite struct AgendaTests {
    @Test func directorSeesTheSchoolsReportMeasuresEventsAndDecisionsInDateOrder() throws {
        let f = try AgendaFixture()
        let items = try f.items("director-ku")
        #expect(items.map(\.key) == [
            "measure-\(f.measureDone)", "decision-\(f.decisionDone)", "measure-\(f.measureDate)", "event-\(f.eventHostedByX)",
            "event-\(f.eventOpen)", "decision-\(f.decisionForX)", "measure-\(f.measureMonth)", "report-\(f.period)-s\(f.x)",
        ])
        let report = try #require(items.last)
        #expect(report.title == "Отчёт за I полугодие 2040/2041" && report.date == "2040-12-25" && report.schoolId == f.x)
        #expect(report.target == .report(id: f.reportX, schoolId: f.x, year: 2040) && !report.isDone)
        // A month's term falls on its last day; the measure links to the school's roadmap of the year.
        let month = try #require(items.first { $0.key == "measure-\(f.measureMonth)" })
        #expect(month.date == "2040-11-30" && month.target == .roadmap(schoolId: f.x, year: 2040))
        let hosted = try #require(items.first { $0.key == "event-\(f.eventHostedByX)" })
        #expect(hosted.title == "Семинар: Наставничество" && hosted.place?.hasPrefix(hosted.schoolName ?? "?") == true)
        #expect(items.first { $0.key == "decision-\(f.decisionForX)" }?.schoolId == f.x)
    }

    @Test func standingTermsWithdrawnAndUndatedDecisionsAreLeftOut() throws {
        let f = try AgendaFixture()
        let keys = Set(try f.items("mun-ku").map(\.key))
        #expect(!keys.contains("measure-\(f.measureStanding)"))
        #expect(!keys.contains("decision-\(f.decisionWithdrawn)"))
        #expect(try f.items("mun-ku").allSatisfy { !$0.title.contains("Бессрочное") })
    }

    @Test func doneAndOverdueAnswerTheDigestsQuestions() throws {
        let f = try AgendaFixture()
        let items = try f.items("director-ku")
        let today = "2040-11-15"
        // Reported done (measure), executed (decision): done; the rest before today is overdue; events never are.
        #expect(items.filter(\.isDone).map(\.key) == ["measure-\(f.measureDone)", "decision-\(f.decisionDone)"])
        #expect(items.filter { $0.isOverdue(today: today) }.map(\.key) == ["measure-\(f.measureDate)", "decision-\(f.decisionForX)"])
        #expect(items.filter { $0.isDue(from: today, until: "2040-11-30") }.map(\.key) == ["measure-\(f.measureMonth)"])
        // Submitting the report makes it done.
        try f.db.write { try $0.execute(sql: "UPDATE report SET status = 'submitted' WHERE id = ?", arguments: [f.reportX]) }
        #expect(try f.items("director-ku").first { $0.kind == .report }?.isDone == true)
    }

    @Test func eachRoleSeesOnlyItsOwnDeadlines() throws {
        let f = try AgendaFixture()
        // Director Y: their school's measure and report, the open event and the one for Y, not X's.
        let y = Set(try f.items("director-ku-02").map(\.key))
        #expect(y.contains("measure-\(f.measureY)") && y.contains("report-\(f.period)-s\(f.y)") && y.contains("event-\(f.eventForY)"))
        #expect(!y.contains("measure-\(f.measureMonth)") && !y.contains("report-\(f.period)-s\(f.x)") && !y.contains("event-\(f.eventHostedByX)"))
        #expect(!y.contains("decision-\(f.decisionForX)"))
        // The curator assigned to X for 2040 reviews X, not Y; another curator has no school deadlines.
        let curator = try f.items("curator-ku")
        #expect(curator.contains { $0.key == "report-\(f.period)-s\(f.x)" })
        #expect(!curator.contains { $0.schoolId == f.y && $0.kind != .event })
        #expect(try f.items("curator-ku-3").allSatisfy { $0.kind == .event || $0.kind == .decision })
        // The coordinator: every school of the municipality and the municipal plan, no other municipality's.
        let coordinator = try f.items("mun-ku")
        #expect(coordinator.contains { $0.key == "measure-\(f.planMeasure)" && $0.target == .municipalPlan(municipalityId: f.municipality, year: 2040) })
        #expect(coordinator.contains { $0.key == "report-\(f.period)-s\(f.y)" })
        #expect(!coordinator.contains { $0.schoolId == f.z })
        // The region writes and reviews no school content.
        #expect(try f.items("region").allSatisfy { $0.kind == .event || $0.kind == .decision })
        #expect(try f.items("mun-kirovsky").allSatisfy { $0.schoolId != f.x && $0.schoolId != f.y })
    }

    @Test func theWindowBoundsTheItems() throws {
        let f = try AgendaFixture()
        let items = try Agenda(database: f.db).items(try f.scope("director-ku"), from: "2040-10-15", to: "2040-10-20")
        #expect(items.map(\.key) == ["measure-\(f.measureDate)", "event-\(f.eventHostedByX)"])
    }
}
