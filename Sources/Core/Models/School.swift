import Foundation
import GRDB

public struct School: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "school"
    public var id: Int64?
    public var municipalityId: Int64
    public var code: String?
    public var name: String
    public var shortName: String
    public var kind: SchoolKind
    public var address: String?
    public var directorName: String?
    public var phone: String?
    public var email: String?
    public var notes: String?
    public var archivedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64? = nil, municipalityId: Int64, code: String? = nil, name: String, shortName: String,
                kind: SchoolKind, address: String? = nil, directorName: String? = nil, phone: String? = nil,
                email: String? = nil, notes: String? = nil, archivedAt: Date? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id; self.municipalityId = municipalityId; self.code = code; self.name = name
        self.shortName = shortName; self.kind = kind; self.address = address; self.directorName = directorName
        self.phone = phone; self.email = email; self.notes = notes; self.archivedAt = archivedAt
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SchoolKind: DatabaseValueConvertible {}
extension Role: DatabaseValueConvertible {}
