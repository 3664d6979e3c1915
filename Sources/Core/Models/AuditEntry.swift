import Foundation
import GRDB

public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "auditEntry"
    public var id: Int64?
    public var at: Date
    public var actorId: Int64?
    public var action: String
    public var entity: String
    public var entityId: Int64?
    public var before: String?
    public var after: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
