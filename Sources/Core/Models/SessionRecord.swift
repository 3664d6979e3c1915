import Foundation
import GRDB

struct SessionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"
    var tokenHash: String
    var userId: Int64
    var csrfToken: String
    var createdAt: Date
    var lastSeenAt: Date
    var expiresAt: Date
    var revokedAt: Date?
}
