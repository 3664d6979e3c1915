import Foundation
import GRDB

/// Reading and changing the watchlist rules: the region's defaults and a municipality's own settings.
public struct WatchRules: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The settings in force for the municipality (its own, else the region's), or the region's defaults (nil).
    public func get(_ scope: Scope, municipalityId: Int64?) throws -> WatchRuleSet {
        try database.read { db in
            if let municipalityId { try Self.requireMunicipality(db, municipalityId) }
            try Policy.requireReadWatchRules(scope, municipalityId: municipalityId)
            var set = try Self.load(db, municipalityId: municipalityId)
            set.municipalityName = try municipalityId.flatMap {
                try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [$0])
            }
            return set
        }
    }

    /// Saves the settings of every rule for the municipality (its own from now on) or as the region's defaults.
    public func update(_ scope: Scope, municipalityId: Int64?, _ settings: [WatchRuleSetting], extraErrors: [FieldError] = []) throws {
        let now = database.now
        try database.write { db in
            if let municipalityId { try Self.requireMunicipality(db, municipalityId) }
            try Policy.requireEditWatchRules(scope, municipalityId: municipalityId)
            let errors = extraErrors + settings.flatMap { $0.validationErrors() }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            let before = try Self.load(db, municipalityId: municipalityId)
            let after = WatchRuleSet(settings: settings, isOwn: true)
            if before.isOwn && before.settings == after.settings { return }
            try db.execute(sql: "DELETE FROM watchRule WHERE municipalityId IS ?", arguments: [municipalityId])
            for s in after.settings {
                try db.execute(sql: """
                    INSERT INTO watchRule (municipalityId, rule, isEnabled, threshold, byDate, updatedAt, updatedBy) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [municipalityId, s.rule.rawValue, s.isEnabled, s.threshold, s.byDate, now, scope.userId])
            }
            try AuditLog.record(db, scope, action: "update", entity: municipalityId == nil ? "watchRules.region" : "watchRules.municipality",
                                id: municipalityId, before: before.settings, after: after.settings, at: now)
        }
    }

    /// The municipality drops its own settings and follows the region's again.
    public func reset(_ scope: Scope, municipalityId: Int64) throws {
        let now = database.now
        try database.write { db in
            try Self.requireMunicipality(db, municipalityId)
            try Policy.requireEditWatchRules(scope, municipalityId: municipalityId)
            let before = try Self.load(db, municipalityId: municipalityId)
            guard before.isOwn else { return }
            try db.execute(sql: "DELETE FROM watchRule WHERE municipalityId = ?", arguments: [municipalityId])
            try AuditLog.record(db, scope, action: "reset", entity: "watchRules.municipality", id: municipalityId,
                                before: before.settings, after: String?.none, at: now)
        }
    }

    static func requireMunicipality(_ db: Database, _ id: Int64) throws {
        guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM municipality WHERE id = ?)", arguments: [id]) == true else {
            throw DomainError.notFound
        }
    }

    /// The settings in force for one municipality (nil: the region's defaults).
    static func load(_ db: Database, municipalityId: Int64?) throws -> WatchRuleSet {
        let all = try loadAll(db)
        if let municipalityId, let own = all.municipalities[municipalityId] { return WatchRuleSet(settings: own, isOwn: true) }
        return WatchRuleSet(settings: all.region, isOwn: false)
    }

    /// Every row at once: the region's and each municipality's own.
    static func loadAll(_ db: Database) throws -> (region: [WatchRuleSetting], municipalities: [Int64: [WatchRuleSetting]]) {
        var region: [WatchRuleSetting] = [], municipalities: [Int64: [WatchRuleSetting]] = [:]
        for row in try Row.fetchAll(db, cachedSQL: "SELECT municipalityId, rule, isEnabled, threshold, byDate FROM watchRule") {
            guard let rule = WatchRule(rawValue: row[1]) else { continue }
            let setting = WatchRuleSetting(rule: rule, isEnabled: row[2], threshold: row[3], byDate: row[4])
            if let id: Int64 = row[0] { municipalities[id, default: []].append(setting) } else { region.append(setting) }
        }
        return (region, municipalities)
    }
}
