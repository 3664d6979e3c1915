import Foundation
import GRDB

/// How strongly a risk factor shows at a school in a year.
public enum RiskLevel: String, Sendable, CaseIterable, Codable {
    case high, medium, low, notRelevant

    public var title: String {
        switch self {
        case .high: "высокий"
        case .medium: "средний"
        case .low: "низкий"
        case .notRelevant: "не актуален"
        }
    }

    /// For comparing years: higher is worse.
    public var rank: Int {
        switch self {
        case .high: 3
        case .medium: 2
        case .low: 1
        case .notRelevant: 0
        }
    }
}

/// A factor's level against the previous profile.
public enum RiskChange: String, Sendable, Equatable {
    case higher, lower, same
    /// Rated now, not rated in the previous profile.
    case new
}

public struct RiskProfileLine: Sendable, Equatable {
    public var factor: RiskFactor
    public var level: RiskLevel?
    public var isChosen: Bool
    public var note: String
    public var previousLevel: RiskLevel?
    /// nil when there is no previous profile or this year has no level.
    public var change: RiskChange?
}

/// A school's risk profile for a year, with its change from the school's previous profile.
public struct RiskProfileDetail: Sendable {
    public var schoolId: Int64
    public var schoolName: String
    public var schoolShortName: String
    public var municipalityId: Int64
    public var year: SchoolYear
    /// nil when the profile has not been filled in for the year.
    public var profileId: Int64?
    public var updatedAt: Date?
    public var updatedByName: String?
    public var previousYear: SchoolYear?
    public var lines: [RiskProfileLine]
    /// Years with a profile, newest first.
    public var years: [SchoolYear]
    public var canEdit: Bool
}

/// What the form sends for one factor.
public struct RiskProfileEntryInput: Sendable {
    public var factorId: Int64
    /// The raw radio value; nil or empty when nothing was chosen.
    public var level: String?
    public var isChosen: Bool
    public var note: String
    public init(factorId: Int64, level: String?, isChosen: Bool, note: String) {
        self.factorId = factorId; self.level = level; self.isChosen = isChosen; self.note = note
    }
}

/// The latest profile's chosen factors, for the school's page.
public struct RiskProfileSummary: Sendable {
    public var year: SchoolYear
    public var chosen: [String]
    public var highCount: Int
}

public struct RiskProfiles: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// Form field ids: `level-<factorId>`, `chosen-<factorId>`, `note-<factorId>`.
    public static func levelField(_ id: Int64) -> String { "level-\(id)" }
    public static func noteField(_ id: Int64) -> String { "note-\(id)" }

    struct Stored: Codable, Equatable {
        var level: String
        var isChosen: Bool
        var note: String
    }

    static func entries(_ db: Database, profileId: Int64) throws -> [Int64: Stored] {
        var result: [Int64: Stored] = [:]
        for row in try Row.fetchAll(db, cachedSQL: "SELECT riskFactorId, level, isChosen, note FROM riskProfileEntry WHERE profileId = ?",
                                    arguments: [profileId]) {
            result[row["riskFactorId"]] = Stored(level: row["level"], isChosen: row["isChosen"], note: row["note"])
        }
        return result
    }

    /// The profile of the year (nil year: the latest filled in, else the running school year).
    public func detail(_ scope: Scope, school schoolId: Int64, year: SchoolYear?) throws -> RiskProfileDetail {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            guard let school = try Row.fetchOne(db, cachedSQL: "SELECT name, shortName, municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
                throw DomainError.notFound
            }
            let years = try Int.fetchAll(db, cachedSQL: "SELECT schoolYear FROM riskProfile WHERE schoolId = ? ORDER BY schoolYear DESC",
                                         arguments: [schoolId]).map(SchoolYear.init)
            let year = try year ?? years.first ?? SchoolDirectory(database: database).defaultYear(db)
            let profile = try Row.fetchOne(db, cachedSQL: """
                SELECT riskProfile.id, riskProfile.updatedAt, user.fullName FROM riskProfile LEFT JOIN user ON user.id = riskProfile.updatedBy
                WHERE riskProfile.schoolId = ? AND riskProfile.schoolYear = ?
                """, arguments: [schoolId, year.start])
            let previous = try Row.fetchOne(db, cachedSQL: """
                SELECT id, schoolYear FROM riskProfile WHERE schoolId = ? AND schoolYear < ? ORDER BY schoolYear DESC LIMIT 1
                """, arguments: [schoolId, year.start])
            let current: [Int64: Stored] = try profile.map { try Self.entries(db, profileId: $0["id"]) } ?? [:]
            let earlier: [Int64: Stored]? = try previous.map { try Self.entries(db, profileId: $0["id"]) }
            let lines = try RiskFactors.all(db).compactMap { factor -> RiskProfileLine? in
                let stored = current[factor.id]
                // An archived factor shows only where this profile rated it.
                if factor.isArchived && stored == nil { return nil }
                let level = stored.flatMap { RiskLevel(rawValue: $0.level) }
                let previousLevel = earlier?[factor.id].flatMap { RiskLevel(rawValue: $0.level) }
                return RiskProfileLine(factor: factor, level: level, isChosen: stored?.isChosen ?? false, note: stored?.note ?? "",
                                       previousLevel: previousLevel,
                                       change: Self.change(from: previousLevel, to: level, hasPrevious: earlier != nil))
            }
            return RiskProfileDetail(
                schoolId: schoolId, schoolName: school["name"], schoolShortName: school["shortName"], municipalityId: school["municipalityId"],
                year: year, profileId: profile?["id"], updatedAt: profile?["updatedAt"], updatedByName: profile?["fullName"],
                previousYear: previous.map { SchoolYear($0["schoolYear"]) }, lines: lines, years: years,
                canEdit: try Policy.mayEditSchoolContent(scope, school: schoolId, db))
        }
    }

    /// A profile is filled for a past school year, the running one or the next (planning ahead), never further.
    func isFillable(_ year: SchoolYear) -> Bool {
        year.start >= 2000 && year.start <= SchoolYear.containing(database.now).start + 1
    }

    /// Change of a factor between two profiles.
    public static func change(from previous: RiskLevel?, to level: RiskLevel?, hasPrevious: Bool) -> RiskChange? {
        guard hasPrevious, let level else { return nil }
        guard let previous else { return .new }
        if level.rank > previous.rank { return .higher }
        if level.rank < previous.rank { return .lower }
        return .same
    }

    /// The form's starting point: the profile of the year, or the previous one's levels to start from.
    public func editable(_ scope: Scope, school schoolId: Int64, year: SchoolYear) throws -> RiskProfileDetail {
        try database.read { db in try Policy.requireEditSchoolContent(scope, school: schoolId, db) }
        guard isFillable(year) else { throw DomainError.notFound }
        var detail = try detail(scope, school: schoolId, year: year)
        if detail.profileId == nil {
            for index in detail.lines.indices where !detail.lines[index].factor.isArchived {
                detail.lines[index].level = detail.lines[index].previousLevel
            }
        }
        return detail
    }

    /// Saves the year's profile: every active factor needs a level; a factor the school works on cannot be «не актуален».
    @discardableResult
    public func save(_ scope: Scope, school schoolId: Int64, year: SchoolYear, entries: [RiskProfileEntryInput]) throws -> Int64 {
        try database.write { db in
            try Policy.requireEditSchoolContent(scope, school: schoolId, db)
            guard isFillable(year) else { throw DomainError.notFound }
            let factors = try RiskFactors.all(db)
            let existingId = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM riskProfile WHERE schoolId = ? AND schoolYear = ?",
                                                arguments: [schoolId, year.start])
            let before = try existingId.map { try Self.entries(db, profileId: $0) }
            let byId = Dictionary(entries.map { ($0.factorId, $0) }, uniquingKeysWith: { first, _ in first })
            var errors: [FieldError] = []
            var accepted: [Int64: Stored] = [:]
            for factor in factors {
                guard let input = byId[factor.id] else {
                    if !factor.isArchived { errors.append(FieldError(Self.levelField(factor.id), "Выберите уровень фактора «\(factor.title)»")) }
                    continue
                }
                // Archived factors keep what the profile had; the form does not offer them.
                if factor.isArchived && before?[factor.id] == nil { continue }
                let note = input.note.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let raw = input.level, !raw.isEmpty else {
                    errors.append(FieldError(Self.levelField(factor.id), "Выберите уровень фактора «\(factor.title)»"))
                    continue
                }
                guard let level = RiskLevel(rawValue: raw) else {
                    errors.append(FieldError(Self.levelField(factor.id), "Выберите уровень фактора «\(factor.title)» из предложенных"))
                    continue
                }
                if input.isChosen && level == .notRelevant {
                    errors.append(FieldError(Self.levelField(factor.id),
                                             "Фактор «\(factor.title)» не может быть «не актуален», если школа работает с ним"))
                    continue
                }
                if note.count > 2000 {
                    errors.append(FieldError(Self.noteField(factor.id), "Примечание к фактору «\(factor.title)» — не длиннее 2000 символов"))
                    continue
                }
                accepted[factor.id] = Stored(level: level.rawValue, isChosen: input.isChosen, note: note)
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            let now = database.now
            let profileId: Int64
            if let existingId {
                profileId = existingId
                try db.execute(sql: "UPDATE riskProfile SET updatedAt = ?, updatedBy = ? WHERE id = ?", arguments: [now, scope.userId, profileId])
            } else {
                try db.execute(sql: "INSERT INTO riskProfile (schoolId, schoolYear, updatedAt, updatedBy) VALUES (?, ?, ?, ?)",
                               arguments: [schoolId, year.start, now, scope.userId])
                profileId = db.lastInsertedRowID
            }
            for (factorId, entry) in accepted {
                try db.execute(sql: """
                    INSERT INTO riskProfileEntry (profileId, riskFactorId, level, isChosen, note) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (profileId, riskFactorId) DO UPDATE SET level = excluded.level, isChosen = excluded.isChosen, note = excluded.note
                    """, arguments: [profileId, factorId, entry.level, entry.isChosen, entry.note])
            }
            let after = try Self.entries(db, profileId: profileId)
            try AuditLog.record(db, scope, action: existingId == nil ? "create" : "update", entity: "riskProfile", id: profileId,
                                before: before.map(AuditView.init), after: AuditView(after, school: schoolId, year: year.start), at: now)
            return profileId
        }
    }

    struct AuditView: Encodable {
        var schoolId: Int64?
        var schoolYear: Int?
        var entries: [String: Stored]
        init(_ entries: [Int64: Stored]) { self.entries = Dictionary(uniqueKeysWithValues: entries.map { ("\($0.key)", $0.value) }) }
        init(_ entries: [Int64: Stored], school: Int64, year: Int) { self.init(entries); schoolId = school; schoolYear = year }
    }

    /// The latest profile's factors the school works on (nil when none was filled in), for readers of the school.
    public func latestSummary(_ scope: Scope, school schoolId: Int64) throws -> RiskProfileSummary? {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            guard let row = try Row.fetchOne(db, cachedSQL: "SELECT id, schoolYear FROM riskProfile WHERE schoolId = ? ORDER BY schoolYear DESC LIMIT 1",
                                             arguments: [schoolId]) else { return nil }
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT f.title, e.level, e.isChosen FROM riskProfileEntry e JOIN riskFactor f ON f.id = e.riskFactorId
                WHERE e.profileId = ? ORDER BY f.sortOrder, f.id
                """, arguments: [row["id"] as Int64])
            return RiskProfileSummary(year: SchoolYear(row["schoolYear"]),
                                      chosen: rows.filter { $0["isChosen"] as Bool }.map { $0["title"] },
                                      highCount: rows.filter { ($0["level"] as String) == RiskLevel.high.rawValue }.count)
        }
    }
}
