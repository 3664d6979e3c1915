import Foundation
import GRDB

/// Records every change inside the transaction that makes it.
public enum AuditLog {
    public static func record<Before: Encodable, After: Encodable>(
        _ db: Database, _ scope: Scope, action: String, entity: String, id: Int64?,
        before: Before?, after: After?, at: Date
    ) throws {
        try record(db, actorId: scope.userId, action: action, entity: entity, id: id, before: before, after: after, at: at)
    }

    /// With the actor given directly: nil for the console, and for a visitor who is not signed in (a failed login).
    static func record<Before: Encodable, After: Encodable>(
        _ db: Database, actorId: Int64?, action: String, entity: String, id: Int64?,
        before: Before?, after: After?, at: Date
    ) throws {
        var beforeText: String? = nil, afterText: String? = nil
        if let before { beforeText = json(before) }
        if let after { afterText = json(after) }
        var entry = AuditEntry(id: nil, at: at, actorId: actorId, action: action, entity: entity, entityId: id,
                               before: beforeText, after: afterText)
        try entry.insert(db)
    }

    static func record(_ db: Database, _ scope: Scope, action: String, entity: String, id: Int64?, at: Date) throws {
        try record(db, scope, action: action, entity: entity, id: id, before: String?.none, after: String?.none, at: at)
    }

    private static func json<T: Encodable>(_ value: T) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
    }

    static func entries(_ db: Database, entity: String, id: Int64) throws -> [AuditEntry] {
        try AuditEntry.filter(Column("entity") == entity && Column("entityId") == id).order(Column("id")).fetchAll(db)
    }
}
