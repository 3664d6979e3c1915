import Core
import Foundation
import SMTP

/// Delivers the outbox over SMTP and writes the daily digests: the one sender `opora serve` runs in the background
/// and `opora send-digests` runs once.
public struct MailSender: Sendable {
    public struct Flush: Sendable, Equatable {
        public var sent = 0, deferred = 0, refused = 0
        public init() {}
    }

    public let database: AppDatabase
    public let smtp: SMTPConfiguration
    public let composer: MailComposer
    public var retry: OutboxRetry
    /// Letters per flush (the rest wait for the next).
    public var batch = 200

    public init(database: AppDatabase, smtp: SMTPConfiguration, composer: MailComposer, retry: OutboxRetry = OutboxRetry()) {
        self.database = database; self.smtp = smtp; self.composer = composer; self.retry = retry
    }

    var outbox: MailOutbox { MailOutbox(database: database, retry: retry) }

    /// Today's digests, once per user and day (Moscow time).
    @discardableResult
    public func writeDigests() throws -> Int {
        try Digests(database: database).write(render: composer.digest)
    }

    /// Flushes batch after batch until nothing is due or the server stops taking letters.
    public func flushAll() throws -> Flush {
        var total = Flush()
        while true {
            let step = try flush()
            total.sent += step.sent; total.deferred += step.deferred; total.refused += step.refused
            if step.deferred > 0 || step.sent + step.refused < batch { return total }
        }
    }

    /// Sends every letter that is due (up to `batch`), over one SMTP session. The server down or answering 4xx: the letters stay,
    /// to be tried after a back-off. Each letter is marked sent in its own transaction right after the server's 250
    /// to its data; a crash between the two may send that one letter again (with the same Message-ID).
    public func flush() throws -> Flush {
        var result = Flush()
        let letters = try outbox.due(limit: batch)
        guard !letters.isEmpty else { return result }
        let client: SMTPClient
        do {
            client = try SMTPClient(smtp)
        } catch {
            for letter in letters { try outbox.markTransientFailure(letter.id, error: "\(error)") }
            result.deferred = letters.count
            return result
        }
        defer { client.quit() }
        for (index, letter) in letters.enumerated() {
            let message = composer.message(letter, composer.composed(letter))
            do {
                try client.send(SMTPEnvelope(from: composer.fromAddress, to: letter.address, data: message.rendered()))
                try outbox.markSent(letter.id)
                result.sent += 1
            } catch SMTPError.permanent(let code, let text) {
                try outbox.markPermanentFailure(letter.id, error: "\(code) \(text)")
                result.refused += 1
            } catch {
                // The session broke: this letter and the rest wait for the next attempt.
                for rest in letters[index...] { try outbox.markTransientFailure(rest.id, error: "\(error)") }
                result.deferred += letters.count - index
                return result
            }
        }
        return result
    }
}

/// `opora serve`'s background sender: flushes the outbox every `interval` seconds and writes the digests once a
/// day from `digestHour` (Moscow) on, as told by the database clock.
public final class MailSenderLoop: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    /// Starts the thread; it runs until `stop()`.
    @discardableResult
    public static func start(_ sender: MailSender, interval: TimeInterval, digestHour: Int = 7,
                             log: @escaping @Sendable (String) -> Void) -> MailSenderLoop {
        let loop = MailSenderLoop()
        let thread = Thread {
            var digestsWritten: String? = nil
            while !loop.isStopped {
                let now = sender.database.now
                let day = Digests.day(now)
                do {
                    if digestsWritten != day && Digests.isDigestTime(now, hour: digestHour) {
                        let written = try sender.writeDigests()
                        digestsWritten = day
                        if written > 0 { log("Сводки на \(DayText.russian(day)): \(written)") }
                    }
                    let flush = try sender.flush()
                    if flush != MailSender.Flush() {
                        log("Почта: отправлено \(flush.sent), отложено \(flush.deferred), отказано \(flush.refused)")
                    }
                } catch {
                    log("Почта не отправлена: \(error)")
                }
                Thread.sleep(forTimeInterval: interval)
            }
        }
        thread.name = "opora.mail"
        thread.start()
        return loop
    }

    var isStopped: Bool { lock.withLock { stopped } }

    /// The thread ends after its current round.
    public func stop() { lock.withLock { stopped = true } }
}
