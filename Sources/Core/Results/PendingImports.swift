import Foundation
import GRDB

/// An uploaded file kept between the preview and the commit of an import.
public struct PendingImport: Sendable, Equatable {
    public var token: String
    public var fileName: String
    public var sha256: String
    public var content: Data
}

/// Uploaded files awaiting commit, bound to their uploader and expiring after an hour. The client
/// only ever holds the random token; the bytes never leave the database.
public struct PendingImports: Sendable {
    public let database: AppDatabase
    public static let lifetime: TimeInterval = 3600
    public init(database: AppDatabase) { self.database = database }

    public func store(_ scope: Scope, fileName: String, content: Data) throws -> PendingImport {
        try Policy.requireImportResults(scope)
        let now = database.now
        var bytes = [UInt8](repeating: 0, count: 24)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        let token = bytes.map { String(format: "%02x", $0) }.joined()
        let pending = PendingImport(token: token, fileName: Self.cleanName(fileName), sha256: ResultImporter.sha256(content), content: content)
        try database.write { db in
            try db.execute(sql: "DELETE FROM pendingImport WHERE expiresAt < ?", arguments: [now])
            try db.execute(sql: """
                INSERT INTO pendingImport (token, userId, fileName, sha256, content, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [token, scope.userId, pending.fileName, pending.sha256, content, now, now.addingTimeInterval(Self.lifetime)])
        }
        return pending
    }

    /// The file under a token, only for the user who uploaded it and before it expires.
    public func load(_ scope: Scope, token: String) throws -> PendingImport {
        try Policy.requireImportResults(scope)
        let now = database.now
        return try database.read { db in
            guard let row = try Row.fetchOne(db, cachedSQL: """
                SELECT token, fileName, sha256, content FROM pendingImport
                WHERE token = ? AND userId IS ? AND expiresAt >= ?
                """, arguments: [token, scope.userId, now])
            else { throw DomainError.conflict("Загруженный файл не найден или устарел (файл хранится час). Загрузите его ещё раз.") }
            return PendingImport(token: row["token"], fileName: row["fileName"], sha256: row["sha256"], content: row["content"])
        }
    }

    public func remove(token: String) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM pendingImport WHERE token = ?", arguments: [token]) }
    }

    /// A file name fit to show and record: no path, no control characters, at most 200 characters.
    public static func cleanName(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init)).prefix(200)
        return clean.trimmingCharacters(in: .whitespaces).isEmpty ? "файл" : String(clean)
    }
}
