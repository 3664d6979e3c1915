import Crypto
import Foundation
import GRDB

/// The signed link of a letter's `List-Unsubscribe`: the account number and an HMAC-SHA256 of it with the server
/// key `mailUnsubscribe` (migration 0023), so it switches mail off without logging in and cannot be made for
/// another account.
public struct MailUnsubscribe: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    static func signature(_ db: Database, userId: Int64) throws -> String {
        guard let secret = try Data.fetchOne(db, cachedSQL: "SELECT value FROM serverKey WHERE name = 'mailUnsubscribe'") else {
            throw DomainError.conflict("Нет ключа сервера: примените миграции (opora migrate)")
        }
        let code = HMAC<SHA256>.authenticationCode(for: Array("unsubscribe\u{0}\(userId)".utf8), using: SymmetricKey(data: secret))
        return lowercaseHex(code)
    }

    public func signature(userId: Int64) throws -> String {
        try database.read { try Self.signature($0, userId: userId) }
    }

    /// The account a link names, when its signature is right; `.forbidden` otherwise (a tampered or foreign link).
    public func verify(userId: Int64, signature: String) throws -> (fullName: String, preference: MailPreference) {
        try database.read { db in
            let expected = try Self.signature(db, userId: userId)
            try Policy.requireUnsubscribe(signatureValid: constantTimeEquals(expected, signature.lowercased()))
            guard let row = try Row.fetchOne(db, cachedSQL: "SELECT fullName, mailPreference FROM user WHERE id = ?", arguments: [userId]) else {
                throw DomainError.notFound
            }
            return (row["fullName"], MailPreference(rawValue: row["mailPreference"]) ?? .digest)
        }
    }

    /// Switches the account's mail off and gives up its waiting letters; audited as the account's own act.
    public func unsubscribe(userId: Int64, signature: String) throws {
        _ = try verify(userId: userId, signature: signature)
        try database.write { db in
            guard let user = try User.fetchOne(db, cachedKey: userId) else { throw DomainError.notFound }
            let before: String = try String.fetchOne(db, cachedSQL: "SELECT mailPreference FROM user WHERE id = ?", arguments: [userId]) ?? "digest"
            guard before != MailPreference.none.rawValue else { return }
            try db.execute(sql: "UPDATE user SET mailPreference = 'none', updatedAt = ? WHERE id = ?", arguments: [database.now, userId])
            try MailOutbox.abandonPending(db, userId: userId, at: database.now, reason: "Письма отключены по ссылке из письма")
            let email = try String.fetchOne(db, cachedSQL: "SELECT email FROM user WHERE id = ?", arguments: [userId])
            try AuditLog.record(db, Scope(user), action: "unsubscribe", entity: "user", id: userId,
                                before: MailAudit(email: email, preference: before), after: MailAudit(email: email, preference: "none"), at: database.now)
        }
    }
}
