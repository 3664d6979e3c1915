@testable import Core
import Foundation
import GRDB
import Testing
import Web

/// `/calendar/{token}.ics` fetched over HTTP and read back by the real `icalendar` parser (Tests/Calendar/parse_ics.py).
@Suite struct CalendarFeedTests {
    struct Parsed: Decodable {
        struct Event: Decodable {
            var uid: String, summary: String, description: String, location: String, url: String
            var allDay: Bool, start: String, end: String, stamp: String
        }
        var name: String
        var events: [Event]
        func event(_ uid: String) -> Event? { events.first { $0.uid == uid } }
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Calendar/parse_ics.py").standardizedFileURL.path

    /// The feed parsed by icalendar; a parse error fails the test with the parser's message.
    static func parse(_ body: [UInt8]) throws -> Parsed {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input; process.standardOutput = output; process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(body))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "parse_ics.py failed (pip install icalendar; make browser-deps): \(message)")
        return try JSONDecoder().decode(Parsed.self, from: data)
    }

    /// Deadlines around today for director-ku's school X and director-ku-02's school Y, in the running school year.
    struct Fixture {
        static let tricky = "Семинар «Итоги», этап 2; отчёт \\ анализ"
        static let long = String(repeating: "Проведение методического семинара для учителей математики ", count: 4)
        let x: Int64, y: Int64, period: Int64, trickyMeasure: Int64, longMeasure: Int64, measureY: Int64, event: Int64
        let dueDate: String

        init(_ app: TestApp) throws {
            let now = app.database.now
            let year = SchoolYear.containing(now).start
            let day = { (days: Int) in Moscow.day(now.addingTimeInterval(Double(days) * 86_400)) }
            let due = day(20)
            dueDate = due
            var ids: [Int64] = []
            try app.database.write { db in
                func one(_ sql: String, _ args: StatementArguments = []) throws -> Int64 { try Int64.fetchOne(db, sql: sql, arguments: args)! }
                let x = try one("SELECT schoolId FROM user WHERE login = 'director-ku'")
                let y = try one("SELECT schoolId FROM user WHERE login = 'director-ku-02'")
                let m = try one("SELECT municipalityId FROM school WHERE id = ?", [x])
                let stamp = "2026-01-01T00:00:00Z"
                // The demo may hold this period and these roadmaps already: reuse them, move the due date.
                try db.execute(sql: """
                    INSERT INTO reportPeriod (municipalityId, schoolYear, half, dueDate) VALUES (?, ?, 2, ?)
                    ON CONFLICT (municipalityId, schoolYear, half) DO UPDATE SET dueDate = excluded.dueDate
                    """, arguments: [m, year, due])
                let period = try one("SELECT id FROM reportPeriod WHERE municipalityId = ? AND schoolYear = ? AND half = 2", [m, year])
                func roadmap(_ school: Int64) throws -> Int64 {
                    try db.execute(sql: """
                        INSERT INTO roadmap (municipalityId, schoolId, schoolYear, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """, arguments: [m, school, year, stamp, stamp])
                    return try one("SELECT id FROM roadmap WHERE schoolId = ? AND schoolYear = ?", [school, year])
                }
                func measure(_ roadmap: Int64, _ title: String, due: String) throws -> Int64 {
                    try db.execute(sql: """
                        INSERT INTO measure (roadmapId, position, title, dueKind, dueFrom, dueTo, dueText, createdAt, updatedAt)
                        VALUES (?, 99, ?, 'date', ?, ?, ?, ?, ?)
                        """, arguments: [roadmap, title, due, due, DayText.russian(due), stamp, stamp])
                    return db.lastInsertedRowID
                }
                let rx = try roadmap(x), ry = try roadmap(y)
                let tricky = try measure(rx, Self.tricky, due: day(5))
                let long = try measure(rx, Self.long, due: day(6))
                let measureY = try measure(ry, "Мероприятие только школы Y", due: day(7))
                try db.execute(sql: """
                    INSERT INTO municipalEvent (municipalityId, format, title, heldOn, schoolYear, hostSchoolId, createdAt, updatedAt)
                    VALUES (?, 'roundTable', 'Наставничество в ШНОР', ?, ?, ?, ?, ?)
                    """, arguments: [m, day(3), year, x, stamp, stamp])
                ids = [x, y, period, tricky, long, measureY, db.lastInsertedRowID]
            }
            (x, y, period, trickyMeasure, longMeasure, measureY, event) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6])
        }
    }

    /// Issues a link through the account pages (CSRF form) and returns its path, read from the page that shows it.
    static func issueLink(_ client: TestClient) throws -> String {
        let account = try client.get("/account")
        let issued = try client.post("/account/calendar", form: [("_csrf", account.csrf ?? "")])
        #expect(issued.status == 200)
        #expect(issued.header("Cache-Control") == "no-store")
        let marker = "id=\"calendar-url\" type=\"text\" readonly value=\""
        let start = try #require(issued.text.range(of: marker))
        let url = String(issued.text[start.upperBound...].prefix { $0 != "\"" })
        let path = try #require(url.range(of: "/calendar/")).lowerBound
        return String(url[path...])
    }

    @Test func theFeedCarriesTheDeadlinesWithStableUIDsAndEscapedFoldedTitles() throws {
        let app = try TestApp()
        let f = try Fixture(app)
        let director = try app.signedIn("director-ku")
        let path = try Self.issueLink(director)
        #expect(path.hasSuffix(".ics"))

        let response = try app.client().get(path)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/calendar; charset=utf-8")
        let feed = try Self.parse(response.body)
        let report = try #require(feed.event("report-\(f.period)-s\(f.x)@opora"))
        #expect(report.allDay && report.start == f.dueDate)
        #expect(report.summary.hasPrefix("Срок отчёта: Отчёт за II полугодие"))
        // The end of an all-day event is the next day.
        #expect(report.end > report.start)
        // Commas, semicolons and backslashes survive escaping; a long Cyrillic title survives folding.
        #expect(feed.event("measure-\(f.trickyMeasure)@opora")?.summary.contains(Fixture.tricky) == true)
        #expect(feed.event("measure-\(f.longMeasure)@opora")?.summary.contains(Fixture.long) == true)
        #expect(response.text.contains("\\,") && response.text.contains("\\;") && response.text.contains("\\\\"))
        let event = try #require(feed.event("event-\(f.event)@opora"))
        #expect(event.summary == "Круглый стол: Наставничество в ШНОР")
        #expect(!event.location.isEmpty)
        // No base URL configured: no URL property (a relative link means nothing to a calendar app).
        #expect(feed.events.allSatisfy { $0.url.isEmpty })
        // Another school's deadline is not in the director's feed.
        #expect(feed.event("measure-\(f.measureY)@opora") == nil)
        #expect(!feed.events.contains { $0.uid.hasSuffix("-s\(f.y)@opora") })

        // Fetched again: the same UIDs, so calendar apps update instead of duplicating.
        let again = try Self.parse(try app.client().get(path).body)
        #expect(again.events.map(\.uid) == feed.events.map(\.uid))
    }

    @Test func aDirectorOfAnotherSchoolSeesOnlyTheirSchool() throws {
        let app = try TestApp()
        let f = try Fixture(app)
        let feed = try Self.parse(try app.client().get(try Self.issueLink(try app.signedIn("director-ku-02"))).body)
        #expect(feed.event("measure-\(f.measureY)@opora") != nil)
        #expect(feed.event("report-\(f.period)-s\(f.y)@opora") != nil)
        #expect(feed.event("measure-\(f.trickyMeasure)@opora") == nil)
        #expect(feed.event("report-\(f.period)-s\(f.x)@opora") == nil)
        #expect(feed.event("event-\(f.event)@opora") == nil, "an event hosted by school X, without Y")
    }

    @Test func aNewLinkRevokesTheOldAndTheTokenIsNeverStoredOrAudited() throws {
        let app = try TestApp(workingCycle: false)
        let director = try app.signedIn("director-ku")
        let account = try director.get("/account")
        #expect(account.text.contains("id=\"calendar-issue\""))
        let first = try Self.issueLink(director)
        #expect(try app.client().get(first).status == 200)
        // Now the account page offers a new link behind a confirmation that says the old one stops working.
        let page = try director.get("/account")
        #expect(page.text.contains("id=\"calendar-reissue\" href=\"/account/calendar\""))
        let confirm = try director.get("/account/calendar")
        #expect(confirm.text.contains("Прежняя ссылка перестанет работать"))
        let second = try Self.issueLink(director)
        #expect(second != first)
        #expect(try app.client().get(first).status == 404)
        #expect(try app.client().get(second).status == 200)

        let tokens = [first, second].map { $0.replacingOccurrences(of: "/calendar/", with: "").replacingOccurrences(of: ".ics", with: "") }
        for token in tokens {
            #expect(try app.count("SELECT COUNT(*) FROM calendarFeed WHERE tokenHash = '\(token)'") == 0)
            #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE COALESCE(after, '') LIKE '%\(token)%' OR COALESCE(before, '') LIKE '%\(token)%'") == 0)
        }
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE action IN ('calendarFeed.issue', 'calendarFeed.reissue')") == 2)
        #expect(LoggedPath.redacting(second) == LoggedPath.calendarPlaceholder)
    }

    @Test func unknownTokensAndDisabledAccountsGet404() throws {
        let app = try TestApp(workingCycle: false)
        #expect(try app.client().get("/calendar/not-a-token.ics").status == 404)
        #expect(try app.client().get("/calendar/.ics").status == 404)
        let director = try app.signedIn("director-ku")
        let path = try Self.issueLink(director)
        #expect(try app.client().get(path.replacingOccurrences(of: ".ics", with: "")).status == 404)
        try app.database.write { try $0.execute(sql: "UPDATE user SET isActive = 0 WHERE login = 'director-ku'") }
        #expect(try app.client().get(path).status == 404)
    }

    @Test func logsNeverKeepAFeedSecret() {
        for path in ["/calendar/s3cr3t.ics", "//calendar//s3cr3t.ics", "/%63alendar/s3cr3t.ics", "/calendar/s3cr3t"] {
            #expect(!LoggedPath.redacting(path).contains("s3cr3t"), "\(path)")
        }
        #expect(LoggedPath.redacting("/schools/7") == "/schools/7")
    }
}
