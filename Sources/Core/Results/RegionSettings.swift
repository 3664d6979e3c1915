import Foundation
import GRDB

/// The region's settings of identification and of the non-objectivity signals (one row).
/// Shares are in basis points: 3000 = 30 %.
public struct RegionSettings: Codable, Sendable, Equatable {
    public var lowShareBasisPoints: Int
    public var ruleTwoInLastYear: Bool
    public var ruleConsecutiveYears: Bool
    public var nonObjectiveMarginBasisPoints: Int
    public var journalMismatchBasisPoints: Int

    /// Seed 003: 30 %, both rules on; signals at 15 points above the municipality and 30 % mismatch.
    public static let defaults = RegionSettings(lowShareBasisPoints: 3000, ruleTwoInLastYear: true, ruleConsecutiveYears: true,
                                                nonObjectiveMarginBasisPoints: 1500, journalMismatchBasisPoints: 3000)

    public init(lowShareBasisPoints: Int, ruleTwoInLastYear: Bool, ruleConsecutiveYears: Bool,
                nonObjectiveMarginBasisPoints: Int, journalMismatchBasisPoints: Int) {
        self.lowShareBasisPoints = lowShareBasisPoints; self.ruleTwoInLastYear = ruleTwoInLastYear
        self.ruleConsecutiveYears = ruleConsecutiveYears; self.nonObjectiveMarginBasisPoints = nonObjectiveMarginBasisPoints
        self.journalMismatchBasisPoints = journalMismatchBasisPoints
    }

    static func load(_ db: Database) throws -> RegionSettings {
        guard let row = try Row.fetchOne(db, cachedSQL: "SELECT * FROM regionSettings WHERE id = 1") else { return .defaults }
        return RegionSettings(lowShareBasisPoints: row["lowShareBasisPoints"], ruleTwoInLastYear: row["ruleTwoInLastYear"],
                              ruleConsecutiveYears: row["ruleConsecutiveYears"],
                              nonObjectiveMarginBasisPoints: row["nonObjectiveMarginBasisPoints"],
                              journalMismatchBasisPoints: row["journalMismatchBasisPoints"])
    }

    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if !(1...10000).contains(lowShareBasisPoints) {
            errors.append(FieldError("lowShare", "Доля для низкого результата — от 0,01 % до 100 %"))
        }
        if !ruleTwoInLastYear && !ruleConsecutiveYears {
            errors.append(FieldError("rules", "Включите хотя бы одно правило выявления"))
        }
        if !(0...10000).contains(nonObjectiveMarginBasisPoints) {
            errors.append(FieldError("nonObjectiveMargin", "Превышение над муниципальным значением — от 0 до 100 процентных пунктов"))
        }
        if !(1...10000).contains(journalMismatchBasisPoints) {
            errors.append(FieldError("journalMismatch", "Доля несовпадения с журнальными отметками — от 0,01 % до 100 %"))
        }
        return errors
    }
}

/// Reading and changing the region's settings; the analysed procedures are the catalogue's `isAnalysed`.
public struct RegionSettingsService: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public func get(_ scope: Scope) throws -> RegionSettings {
        try database.read { try RegionSettings.load($0) }
    }

    /// The settings of identification as in force: the saved share and rules and the analysed procedures.
    public func identificationSettings(_ scope: Scope) throws -> IdentificationSettings {
        try database.read { try IdentificationSettings.current($0) }
    }

    public func update(_ scope: Scope, _ settings: RegionSettings) throws {
        try Policy.requireRegionSettings(scope)
        let errors = settings.validationErrors()
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        let now = database.now
        try database.write { db in
            let before = try RegionSettings.load(db)
            if before == settings { return }
            try db.execute(sql: """
                UPDATE regionSettings SET lowShareBasisPoints = ?, ruleTwoInLastYear = ?, ruleConsecutiveYears = ?,
                    nonObjectiveMarginBasisPoints = ?, journalMismatchBasisPoints = ?, updatedAt = ?, updatedBy = ?
                WHERE id = 1
                """, arguments: [settings.lowShareBasisPoints, settings.ruleTwoInLastYear, settings.ruleConsecutiveYears,
                                 settings.nonObjectiveMarginBasisPoints, settings.journalMismatchBasisPoints, now, scope.userId])
            try AuditLog.record(db, scope, action: "update", entity: "regionSettings", id: 1, before: before, after: settings, at: now)
        }
    }

    /// Puts exactly these procedures on the analysed list (admin, regional coordinator).
    public func setAnalysedProcedures(_ scope: Scope, _ ids: Set<Int64>) throws {
        try Policy.requireRegionSettings(scope)
        if ids.isEmpty { throw DomainError.invalid([FieldError("procedures", "Выберите хотя бы одну оценочную процедуру")]) }
        let now = database.now
        try database.write { db in
            let before = try Set(Int64.fetchAll(db, cachedSQL: "SELECT id FROM procedure WHERE isAnalysed = 1"))
            if before == ids { return }
            let known = try Set(Int64.fetchAll(db, cachedSQL: "SELECT id FROM procedure"))
            if !ids.isSubset(of: known) { throw DomainError.invalid([FieldError("procedures", "Нет такой оценочной процедуры")]) }
            try db.execute(literal: "UPDATE procedure SET isAnalysed = (id IN \(ids)), updatedAt = \(now) WHERE isAnalysed <> (id IN \(ids))")
            try AuditLog.record(db, scope, action: "analysedProcedures", entity: "regionSettings", id: 1,
                                before: before.sorted(), after: ids.sorted(), at: now)
        }
    }
}
