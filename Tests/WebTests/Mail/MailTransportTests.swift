@testable import Core
import Foundation
import GRDB
import SMTP
import Testing
import Web

/// The SMTP client against aiosmtpd: STARTTLS with a self-signed certificate (checked, not ignored), AUTH PLAIN and
/// LOGIN, and immediate notifications written in the transaction of the notification.
@Suite(.serialized) struct MailTransportTests {
    /// A self-signed certificate for `localhost`, made with `openssl req`.
    static func certificate() throws -> (cert: String, key: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opora-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", cert]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl req failed")
        return (cert, key)
    }

    func immediateNotification(_ f: MailFixture, to userId: Int64) throws {
        try f.database.write { db in
            try NotificationDelivery.deliver(db, to: [userId], kind: .periodOpened, title: "Открыт приём отчётов за I полугодие",
                                             body: "Срок сдачи — 25.12.2026.", entity: "reportPeriod", entityId: 1,
                                             dedupeKey: "mail-test:\(UUID().uuidString)", at: f.database.now)
        }
    }

    @Test func startTLSWithASelfSignedCertificateAndAuthPlain() throws {
        let f = try MailFixture()
        let director = try f.wantsMail("director-ku", .immediate)
        let (cert, key) = try Self.certificate()
        let sink = try SMTPSink(["--tls", cert, key, "--auth", "opora:секрет-42"])
        try immediateNotification(f, to: director)

        // The certificate is not trusted by the system: the letter waits rather than going out unchecked.
        let untrusting = f.sender(sink) { $0.host = "localhost"; $0.startTLS = true; $0.username = "opora"; $0.password = "секрет-42" }
        #expect(try untrusting.flush().deferred == 1)
        #expect(try f.app.count("SELECT COUNT(*) FROM mailOutbox WHERE lastError LIKE '%TLS%'") == 1)

        f.database.clock.advance(by: 61)
        let trusting = f.sender(sink) {
            $0.host = "localhost"; $0.startTLS = true; $0.caFile = cert; $0.username = "opora"; $0.password = "секрет-42"
        }
        #expect(try trusting.flush().sent == 1)
        let messages = try sink.messages()
        try #require(messages.count == 1)
        #expect(messages[0].tls && messages[0].authenticated)
        #expect(messages[0].subject == "Опора: Открыт приём отчётов за I полугодие")
        #expect(messages[0].text.contains("Срок сдачи — 25.12.2026."))
    }

    @Test func authLoginAndAWrongPasswordKeepsTheLetter() throws {
        let f = try MailFixture()
        let director = try f.wantsMail("director-ku", .immediate)
        let sink = try SMTPSink(["--auth", "opora:пароль", "--login-only"])
        try immediateNotification(f, to: director)
        #expect(try f.sender(sink) { $0.username = "opora"; $0.password = "не тот" }.flush().deferred == 1)
        #expect(try f.app.count("SELECT COUNT(*) FROM user WHERE emailFailedAt IS NOT NULL") == 0, "bad credentials are not the address's fault")
        f.database.clock.advance(by: 61)
        #expect(try f.sender(sink) { $0.username = "opora"; $0.password = "пароль" }.flush().sent == 1)
        #expect(try sink.messages().map(\.authenticated) == [true])
    }

    @Test func theOutboxRowLandsWithTheNotificationOrNotAtAll() throws {
        let f = try MailFixture()
        let director = try f.wantsMail("director-ku", .immediate)
        let digestOnly = try f.wantsMail("director-ku-02", .digest)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try f.database.write { db in
                try NotificationDelivery.deliver(db, to: [director], kind: .periodOpened, title: "Отменится", entity: "reportPeriod",
                                                 entityId: 1, dedupeKey: "rolled-back", at: f.database.now)
                throw Abort()
            }
        }
        #expect(try f.app.count("SELECT COUNT(*) FROM mailOutbox") == 0)
        try immediateNotification(f, to: director)
        try immediateNotification(f, to: digestOnly)
        #expect(try f.app.count("SELECT COUNT(*) FROM mailOutbox") == 1, "only who wants every notification gets a letter")
        #expect(try f.app.count("SELECT COUNT(*) FROM mailOutbox o JOIN notification n ON n.id = o.notificationId WHERE o.userId = \(director)") == 1)
    }

    @Test func encodedWordsSplitLongSubjectsOnCharacterBoundaries() {
        let subject = String(repeating: "Отчёт возвращён на доработку ", count: 4)
        let encoded = MIMEMessage.encodedWords(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }
        #expect(decoded.joined() == subject)
        #expect(MIMEMessage.encodedWords("Plain subject") == "Plain subject")
    }
}

/// `opora serve`'s background sender: from 07:00 Moscow it writes the day's digests, and it flushes the outbox.
@Suite(.serialized) struct MailSenderLoopTests {
    @Test func theLoopSendsTodaysDigestOnce() throws {
        let f = try MailFixture()
        try f.wantsMail("director-ku")
        try f.periodDue(in: 2, for: "director-ku")
        let sink = try SMTPSink()
        // Hour 0: whatever the time of the test run, it is past the digest hour.
        let loop = MailSenderLoop.start(f.sender(sink), interval: 0.05, digestHour: 0) { _ in }
        defer { loop.stop() }
        for _ in 0..<600 where try sink.messages().isEmpty { usleep(50_000) }
        // A few more rounds: the digest of the day is not written again.
        usleep(300_000)
        #expect(try sink.messages().count == 1)
        #expect(try f.app.count("SELECT COUNT(*) FROM mailOutbox WHERE kind = 'digest' AND sentAt IS NOT NULL") == 1)
    }
}
