@testable import Core
import CoreTestSupport
import Foundation
import GRDB
import SMTP
import Testing
import Web

/// Digests through a real SMTP server on loopback (aiosmtpd): who gets one, what it holds, once a day.
@Suite(.serialized) struct MailDigestTests {
    @Test func aDirectorWithSomethingDueGetsOneDigestAndAUserWithNothingNone() throws {
        let f = try MailFixture()
        try f.wantsMail("director-ku")
        try f.wantsMail("region")
        try f.periodDue(in: 3, for: "director-ku")
        let sink = try SMTPSink()
        let sender = f.sender(sink)
        #expect(try sender.writeDigests() == 1)
        #expect(try sender.flushAll().sent == 1)

        let messages = try sink.messages()
        try #require(messages.count == 1)
        let letter = messages[0]
        #expect(letter.rcptTo == ["director-ku@opora.example"])
        #expect(letter.mailFrom == "opora@opora.test")
        #expect(letter.subject.hasPrefix("Опора: сводка на \(DayText.russian(f.today))"), "\(letter.subject)")
        #expect(letter.rawSubject.contains("Subject: =?UTF-8?B?"), "the subject is RFC 2047-encoded")
        #expect(letter.contentType == "multipart/alternative")
        #expect(letter.headers["Message-ID"]?.hasPrefix("<opora.") == true)
        #expect(letter.headers["Message-ID"]?.hasSuffix("@opora.test>") == true)
        #expect(letter.headers["Date"]?.contains("+0300") == true)
        let unsubscribe = letter.headers["List-Unsubscribe"] ?? ""
        #expect(unsubscribe.hasPrefix("<\(MailFixture.baseURL)/unsubscribe/\(try f.userId("director-ku"))/"), "\(unsubscribe)")
        #expect(letter.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
        #expect(letter.text.contains("Срок в ближайшие 7 дней: Отчёт за I полугодие"), "\(letter.text)")
        #expect(letter.text.contains("\(MailFixture.baseURL)/"), "links are absolute to --base-url")
        #expect(letter.html.contains("<a href=\"\(MailFixture.baseURL)/"), "\(letter.html)")
        #expect(letter.html.contains("Отчёт за I полугодие"))
        #expect(!letter.html.contains("{{"))
        #expect(try f.pending() == 0)
    }

    @Test func sendDigestsTwiceSendsOne() throws {
        let f = try MailFixture()
        try f.wantsMail("director-ku")
        try f.periodDue(in: -2, for: "director-ku")
        let sink = try SMTPSink()
        let sender = f.sender(sink)
        _ = try sender.writeDigests(); _ = try sender.flushAll()
        #expect(try sender.writeDigests() == 0, "one digest per user and day")
        _ = try sender.flushAll()
        let messages = try sink.messages()
        #expect(messages.count == 1)
        #expect(messages.first?.text.contains("Просрочено: Отчёт за I полугодие") == true, "\(messages.first?.text ?? "")")
        #expect(try f.app.count("SELECT COUNT(*) FROM mailOutbox WHERE kind = 'digest'") == 1)
    }

    @Test func theDryRunWritesNothing() throws {
        let f = try MailFixture()
        try f.wantsMail("director-ku")
        try f.periodDue(in: 1, for: "director-ku")
        let digests = try Digests(database: f.database).preview()
        #expect(digests.map(\.userId) == [try f.userId("director-ku")])
        #expect(try f.app.count("SELECT COUNT(*) FROM mailOutbox") == 0)
    }

    @Test func aServerDownKeepsTheLetterWhichLeavesOnceWhenItComesBack() throws {
        let f = try MailFixture()
        try f.wantsMail("director-ku")
        try f.periodDue(in: 3, for: "director-ku")
        let sink = try SMTPSink()
        sink.stop()
        let sender = f.sender(sink)
        _ = try sender.writeDigests()
        #expect(try sender.flush().deferred == 1)
        #expect(try f.pending() == 1, "the row is kept")
        #expect(try f.app.count("SELECT attempts FROM mailOutbox") == 1)

        try sink.start()
        #expect(try sender.flush() == MailSender.Flush(), "not before the back-off")
        f.database.clock.advance(by: 61)
        #expect(try sender.flush().sent == 1)
        f.database.clock.advance(by: 3600)
        #expect(try sender.flush() == MailSender.Flush())
        #expect(try sink.messages().count == 1)
        #expect(try f.pending() == 0)
    }

    @Test func aTemporaryRefusalIsRetriedAndRepeatedPermanentOnesMarkTheAddressFailed() throws {
        let f = try MailFixture()
        let director = try f.wantsMail("director-ku", email: "nobody@opora.example")
        try f.periodDue(in: 3, for: "director-ku")
        let busy = try SMTPSink(["--refuse", "451"])
        _ = try f.sender(busy).writeDigests()
        #expect(try f.sender(busy).flush().deferred == 1)
        #expect(try f.app.count("SELECT COUNT(*) FROM user WHERE emailFailedAt IS NOT NULL") == 0, "4xx never fails an address")
        busy.stop()

        let refusing = try SMTPSink(["--refuse", "550"])
        let sender = f.sender(refusing)
        for _ in 0..<3 {
            f.database.clock.advance(by: 7 * 3600)
            #expect(try sender.flush().refused == 1)
        }
        #expect(try f.app.count("SELECT COUNT(*) FROM user WHERE emailFailedAt IS NOT NULL AND id = \(director)") == 1)
        #expect(try f.pending() == 0, "the letter is given up, not retried for ever")
        #expect(try refusing.messages().isEmpty)

        let page = try f.app.signedIn("director-ku").get("/accounts/\(director)")
        #expect(page.text.contains("Почтовый сервер несколько раз отказался принять письма на этот адрес"))
    }

    @Test func theDigestTimeIsSevenInMoscow() throws {
        // 03:59 UTC is 06:59 in Moscow; 04:00 UTC is 07:00.
        #expect(!Digests.isDigestTime(Date(timeIntervalSince1970: 1_796_529_540)))
        #expect(Digests.isDigestTime(Date(timeIntervalSince1970: 1_796_529_600)))
    }
}

/// The review and return parts of a digest: a curator's submitted report to check, a director's returned one.
@Suite(.serialized) struct MailDigestSectionsTests {
    @Test func theCuratorIsToldWhatAwaitsReviewAndTheDirectorWhatWasReturned() throws {
        let f = try MailFixture()
        let curator = try f.wantsMail("curator-ku")
        let director = try f.wantsMail("director-ku")
        let school = try f.app.schoolId(ofDirector: "director-ku")
        try f.database.write { db in
            try db.execute(sql: """
                INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt) VALUES (?, ?, ?, NULL, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [curator, school, f.year, Date()])
        }
        try f.periodDue(in: 20, for: "director-ku")
        let municipality = try f.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM school WHERE id = ?", arguments: [school])! }
        let period = try ReportFixtures.period(f.database, municipalityId: municipality, year: f.year, half: 1, isOpen: true,
                                               dueDate: Digests.day(f.database.now.addingTimeInterval(20 * 86400)))
        let report = try Reports(database: f.database).start(.console, schoolId: school, periodId: period)
        try ReportFixtures.setStatus(f.database, reportId: report, .submitted)

        var digests = try Digests(database: f.database).preview()
        #expect(digests.map(\.userId) == [curator], "the director has nothing to do while the report is with the curator")
        #expect(digests.first?.schools.first?.lines.map(\.section) == [.review])
        #expect(digests.first?.schools.first?.lines.first?.link == .report(report))

        try ReportFixtures.setStatus(f.database, reportId: report, .returned)
        digests = try Digests(database: f.database).preview()
        let mine = digests.first { $0.userId == director }
        #expect(mine?.schools.first?.lines.map(\.section) == [.returned])
        #expect(mine?.schools.first?.lines.first?.text == "Отчёт за I полугодие возвращён на доработку")
        #expect(!digests.contains { $0.userId == curator }, "a returned report no longer awaits review")
    }
}
