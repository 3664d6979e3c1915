import Foundation
import GRDB

/// An account's address and mail preference as the account pages show them.
public struct MailSettingsView: Sendable, Equatable {
    public var userId: Int64
    public var email: String?
    public var preference: MailPreference
    /// When the mail server last refused the address for good (nil: no trouble known).
    public var failedAt: Date?
    public var canEdit: Bool
}

/// Reading and changing an account's e-mail settings: the user on their own page, account managers on theirs.
public struct MailSettings: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public func view(_ scope: Scope, userId: Int64) throws -> MailSettingsView {
        try database.read { db in
            if userId != scope.userId { try Policy.requireReadAccount(scope, userId: userId, db) }
            return try Self.view(db, scope, userId: userId)
        }
    }

    static func view(_ db: Database, _ scope: Scope, userId: Int64) throws -> MailSettingsView {
        guard let row = try Row.fetchOne(db, cachedSQL: "SELECT id, role, municipalityId, email, mailPreference, emailFailedAt FROM user WHERE id = ?",
                                         arguments: [userId]) else { throw DomainError.notFound }
        return MailSettingsView(userId: userId, email: row["email"],
                                preference: MailPreference(rawValue: row["mailPreference"]) ?? .digest, failedAt: row["emailFailedAt"],
                                canEdit: Policy.mayEditMailSettings(scope, userId: userId, role: Role(rawValue: row["role"]) ?? .director,
                                                                   municipalityId: row["municipalityId"]))
    }

    /// Sets the address (empty: none) and the preference, in one audited transaction. A changed address forgets
    /// its failure mark and gives up the letters still waiting for the old one.
    public func update(_ scope: Scope, userId: Int64, email rawEmail: String, preference rawPreference: String) throws {
        let email = rawEmail.trimmingCharacters(in: .whitespacesAndNewlines)
        try database.write { db in
            let before = try Self.view(db, scope, userId: userId)
            try Policy.require(before.canEdit)
            var errors: [FieldError] = []
            if let problem = EmailAddress.problem(email) { errors.append(FieldError("email", problem)) }
            let preference = MailPreference(rawValue: rawPreference)
            if preference == nil { errors.append(FieldError("mailPreference", "Выберите, какие письма присылать")) }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            let newEmail: String? = email.isEmpty ? nil : email
            let changed = newEmail?.lowercased() != before.email?.lowercased()
            try db.execute(sql: """
                UPDATE user SET email = ?, mailPreference = ?, emailFailedAt = CASE WHEN ? THEN NULL ELSE emailFailedAt END, updatedAt = ?
                WHERE id = ?
                """, arguments: [newEmail, preference!.rawValue, changed, database.now, userId])
            if changed || preference == MailPreference.none {
                try MailOutbox.abandonPending(db, userId: userId, at: database.now, reason: changed ? "Адрес почты изменён" : "Письма отключены")
            }
            try AuditLog.record(db, scope, action: "updateMail", entity: "user", id: userId,
                                before: MailAudit(email: before.email, preference: before.preference.rawValue),
                                after: MailAudit(email: newEmail, preference: preference!.rawValue), at: database.now)
        }
    }
}

struct MailAudit: Encodable { var email: String?; var preference: String }
