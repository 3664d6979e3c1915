@testable import Core
import CoreTestSupport
import Foundation
import GRDB
import SMTP
import Web

/// A demo application whose accounts want no mail, but for those a test switches on. The demo is the seeds' history
/// (as of 2024-03-01), so the clock's running year holds only what a test puts there.
struct MailFixture {
    let app: TestApp
    static let baseURL = "http://opora.test"
    var database: AppDatabase { app.database }
    var year: Int { SchoolYear.containing(app.database.now).start }
    var today: String { Digests.day(app.database.now) }

    init() throws {
        app = try TestApp(workingCycle: false, today: "2024-03-01")
        try app.database.write { db in try db.execute(sql: "UPDATE user SET mailPreference = 'none'") }
    }

    func userId(_ login: String) throws -> Int64 {
        try database.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = ?", arguments: [login])! }
    }

    /// Switches mail on for `login`: its address and preference.
    @discardableResult
    func wantsMail(_ login: String, _ preference: MailPreference = .digest, email: String? = nil) throws -> Int64 {
        let id = try userId(login)
        try database.write { db in
            try db.execute(sql: "UPDATE user SET email = ?, mailPreference = ? WHERE id = ?",
                           arguments: [email ?? "\(login)@opora.example", preference.rawValue, id])
        }
        return id
    }

    /// The running year's I полугодие of `login`'s municipality, open and due in `days` days, and a roadmap of the
    /// director's school that owes the report.
    func periodDue(in days: Int, for login: String) throws {
        let municipality = try database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = ?", arguments: [login])! }
        let school = try app.schoolId(ofDirector: login)
        if try app.count("SELECT COUNT(*) FROM roadmap WHERE schoolId = \(school) AND schoolYear = \(year)") == 0 {
            _ = try ReportFixtures.roadmap(database, schoolId: school, year: year, measures: [])
        }
        let due = Digests.day(database.now.addingTimeInterval(Double(days) * 86400))
        try ReportFixtures.period(database, municipalityId: municipality, year: year, half: 1, isOpen: true, dueDate: due)
    }

    func sender(_ sink: SMTPSink, configure: (inout SMTPConfiguration) -> Void = { _ in }) -> MailSender {
        var smtp = SMTPConfiguration(host: "127.0.0.1", port: sink.port)
        smtp.timeout = 10
        configure(&smtp)
        var retry = OutboxRetry()
        retry.firstDelay = 60
        return MailSender(database: database, smtp: smtp, composer: MailComposer(baseURL: Self.baseURL, fromAddress: "opora@opora.test"),
                          retry: retry)
    }

    func pending() throws -> Int { try MailOutbox(database: database).pendingCount() }
}
