import Foundation
import GRDB

/// One of the risk factors of the 500+ methodology (reference data of the region).
public struct RiskFactor: Sendable, Equatable, Codable {
    public var id: Int64
    public var title: String
    public var sortOrder: Int
    public var archivedAt: Date?
    public var isArchived: Bool { archivedAt != nil }
}

public struct RiskFactorInput: Sendable {
    public var title: String
    public var sortOrder: String
    public init(title: String, sortOrder: String) { self.title = title; self.sortOrder = sortOrder }
}

/// The risk factors: read by everyone signed in, kept by the regional coordinator and the admin.
public struct RiskFactors: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    static func all(_ db: Database, includeArchived: Bool = true) throws -> [RiskFactor] {
        try Row.fetchAll(db, sql: """
            SELECT id, title, sortOrder, archivedAt FROM riskFactor \(includeArchived ? "" : "WHERE archivedAt IS NULL")
            ORDER BY sortOrder, id
            """).map { RiskFactor(id: $0["id"], title: $0["title"], sortOrder: $0["sortOrder"], archivedAt: $0["archivedAt"]) }
    }

    static func factor(_ db: Database, id: Int64) throws -> RiskFactor {
        guard let row = try Row.fetchOne(db, cachedSQL: "SELECT id, title, sortOrder, archivedAt FROM riskFactor WHERE id = ?", arguments: [id]) else {
            throw DomainError.notFound
        }
        return RiskFactor(id: row["id"], title: row["title"], sortOrder: row["sortOrder"], archivedAt: row["archivedAt"])
    }

    /// Every factor, archived ones last within their order.
    public func list(_ scope: Scope) throws -> [RiskFactor] {
        try database.read { try Self.all($0) }
    }

    public func factor(_ scope: Scope, id: Int64) throws -> RiskFactor {
        try Policy.requireRegionSettings(scope)
        return try database.read { try Self.factor($0, id: id) }
    }

    /// New title and position; the other factors move to keep the order 1, 2, 3 …
    public func update(_ scope: Scope, id: Int64, _ input: RiskFactorInput) throws {
        try Policy.requireRegionSettings(scope)
        try database.write { db in
            let before = try Self.factor(db, id: id)
            let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
            var errors: [FieldError] = []
            if title.isEmpty { errors.append(FieldError("title", "Введите название фактора риска")) }
            else if title.count > 300 { errors.append(FieldError("title", "Название должно быть не длиннее 300 символов")) }
            else if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM riskFactor WHERE title = ? AND id <> ?)", arguments: [title, id]) == true {
                errors.append(FieldError("title", "Фактор риска с таким названием уже есть"))
            }
            let all = try Self.all(db)
            let position = Int(input.sortOrder.trimmingCharacters(in: .whitespaces))
            if position == nil || !(1...all.count).contains(position!) {
                errors.append(FieldError("sortOrder", "Укажите порядковый номер от 1 до \(all.count)"))
            }
            guard errors.isEmpty, let position else { throw DomainError.invalid(errors) }
            var ordered = all.filter { $0.id != id }
            ordered.insert(before, at: position - 1)
            for (index, factor) in ordered.enumerated() where factor.sortOrder != index + 1 || factor.id == id {
                try db.execute(sql: "UPDATE riskFactor SET sortOrder = ? WHERE id = ?", arguments: [index + 1, factor.id])
            }
            try db.execute(sql: "UPDATE riskFactor SET title = ? WHERE id = ?", arguments: [title, id])
            let after = try Self.factor(db, id: id)
            try AuditLog.record(db, scope, action: "update", entity: "riskFactor", id: id, before: before, after: after, at: database.now)
        }
    }

    /// An archived factor is no longer asked for in new profiles; the profiles that rated it keep it.
    public func setArchived(_ scope: Scope, id: Int64, _ archived: Bool) throws {
        try Policy.requireRegionSettings(scope)
        try database.write { db in
            let before = try Self.factor(db, id: id)
            if before.isArchived == archived {
                throw DomainError.conflict(archived ? "Фактор риска уже в архиве." : "Фактор риска не в архиве.")
            }
            let now = database.now
            try db.execute(sql: "UPDATE riskFactor SET archivedAt = ? WHERE id = ?", arguments: [archived ? now : nil, id])
            try AuditLog.record(db, scope, action: archived ? "archive" : "restore", entity: "riskFactor", id: id,
                                before: before, after: try Self.factor(db, id: id), at: now)
        }
    }
}
