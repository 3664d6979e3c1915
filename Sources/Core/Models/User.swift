import Foundation
import GRDB

public struct User: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "user"
    public var id: Int64?
    public var login: String
    public var fullName: String
    public var role: Role
    public var municipalityId: Int64?
    public var schoolId: Int64?
    public var passwordHash: String
    public var mustChangePassword: Bool
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64? = nil, login: String, fullName: String, role: Role, municipalityId: Int64? = nil,
                schoolId: Int64? = nil, passwordHash: String, mustChangePassword: Bool = false,
                isActive: Bool = true, createdAt: Date, updatedAt: Date) {
        self.id = id; self.login = login; self.fullName = fullName; self.role = role
        self.municipalityId = municipalityId; self.schoolId = schoolId; self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword; self.isActive = isActive
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
