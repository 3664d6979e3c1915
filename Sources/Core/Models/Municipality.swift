import Foundation
import GRDB

public struct Municipality: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "municipality"
    public var id: Int64?
    public var name: String
    public var shortName: String
    public var archivedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64? = nil, name: String, shortName: String, archivedAt: Date? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id; self.name = name; self.shortName = shortName
        self.archivedAt = archivedAt; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
