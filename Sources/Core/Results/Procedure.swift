import Foundation
import GRDB

/// The family of an assessment procedure.
public enum ProcedureFamily: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case vpr, oge, ege, niko, other

    /// «ВПР», «ОГЭ», … as in the results file.
    public var title: String {
        switch self {
        case .vpr: "ВПР"
        case .oge: "ОГЭ"
        case .ege: "ЕГЭ"
        case .niko: "НИКО"
        case .other: "Другая"
        }
    }

    /// Parses «ВПР», «огэ», «vpr», …
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let f = ProcedureFamily(rawValue: t) { self = f; return }
        guard let f = ProcedureFamily.allCases.first(where: { $0.title.lowercased() == t }) else { return nil }
        self = f
    }
}

/// How a low result is counted (seed 003).
public enum LowRule: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Share of participants with mark «2» (ВПР).
    case markTwo
    /// Share of participants below the minimum score (ОГЭ, ЕГЭ).
    case belowMinimum

    public var title: String {
        switch self {
        case .markTwo: "доля отметок «2»"
        case .belowMinimum: "доля не преодолевших минимальный порог"
        }
    }

    /// How a share of this kind is named after a percentage: «34,5 % «2»».
    public var shareLabel: String {
        switch self {
        case .markTwo: "«2»"
        case .belowMinimum: "ниже минимума"
        }
    }
}

/// An assessment procedure of the catalogue.
public struct Procedure: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "procedure"
    public var id: Int64?
    public var family: ProcedureFamily
    public var subject: String
    public var grade: Int?
    public var variant: String
    public var lowRule: LowRule
    public var isAnalysed: Bool
    public var sortOrder: Int
    public var archivedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64? = nil, family: ProcedureFamily, subject: String, grade: Int?, variant: String = "",
                lowRule: LowRule, isAnalysed: Bool = false, sortOrder: Int = 0, archivedAt: Date? = nil,
                createdAt: Date, updatedAt: Date) {
        self.id = id; self.family = family; self.subject = subject; self.grade = grade; self.variant = variant
        self.lowRule = lowRule; self.isAnalysed = isAnalysed; self.sortOrder = sortOrder; self.archivedAt = archivedAt
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// «ВПР Математика 5 кл.», «ОГЭ Русский язык», «ЕГЭ Математика (профильная)».
    public var title: String { Procedure.title(family: family, subject: subject, grade: grade, variant: variant) }

    static func title(family: ProcedureFamily, subject: String, grade: Int?, variant: String) -> String {
        var s = "\(family.title) \(subject)"
        if !variant.isEmpty { s += " (\(variant))" }
        // ОГЭ is always grade 9 and ЕГЭ grade 11: the grade adds nothing to their names.
        if let grade, family != .oge && family != .ege { s += " \(grade) кл." }
        return s
    }
}

/// What a coordinator types into the procedure form.
public struct ProcedureInput: Sendable, Equatable {
    public var family: ProcedureFamily
    public var subject: String
    public var grade: Int?
    public var variant: String
    public var lowRule: LowRule
    public var isAnalysed: Bool
    public var sortOrder: Int
    public init(family: ProcedureFamily, subject: String, grade: Int?, variant: String = "", lowRule: LowRule,
                isAnalysed: Bool = false, sortOrder: Int = 0) {
        self.family = family; self.subject = subject; self.grade = grade; self.variant = variant
        self.lowRule = lowRule; self.isAnalysed = isAnalysed; self.sortOrder = sortOrder
    }
}

/// The procedure catalogue: everyone reads it; admin and the regional coordinator edit it.
public struct Procedures: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public func list(_ scope: Scope, includeArchived: Bool = false) throws -> [Procedure] {
        try database.read { db in try Self.all(db, includeArchived: includeArchived) }
    }

    static func all(_ db: Database, includeArchived: Bool = true) throws -> [Procedure] {
        var request = Procedure.order(Column("sortOrder"), Column("id"))
        if !includeArchived { request = request.filter(Column("archivedAt") == nil) }
        return try request.fetchAll(db)
    }

    public func get(_ scope: Scope, id: Int64) throws -> Procedure {
        try database.read { db in
            guard let p = try Procedure.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            return p
        }
    }

    public func create(_ scope: Scope, _ input: ProcedureInput) throws -> Procedure {
        try Policy.requireRegionSettings(scope)
        let now = database.now
        return try database.write { db in
            let clean = try validate(db, input, id: nil)
            var p = Procedure(family: clean.family, subject: clean.subject, grade: clean.grade, variant: clean.variant,
                              lowRule: clean.lowRule, isAnalysed: clean.isAnalysed, sortOrder: clean.sortOrder,
                              createdAt: now, updatedAt: now)
            try p.insert(db)
            try AuditLog.record(db, scope, action: "create", entity: "procedure", id: p.id, before: Procedure?.none, after: p, at: now)
            return p
        }
    }

    public func update(_ scope: Scope, id: Int64, _ input: ProcedureInput) throws -> Procedure {
        try Policy.requireRegionSettings(scope)
        let now = database.now
        return try database.write { db in
            guard let before = try Procedure.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            let clean = try validate(db, input, id: id)
            var p = before
            p.family = clean.family; p.subject = clean.subject; p.grade = clean.grade; p.variant = clean.variant
            p.lowRule = clean.lowRule; p.isAnalysed = clean.isAnalysed; p.sortOrder = clean.sortOrder; p.updatedAt = now
            if p == before { return p }
            try p.update(db)
            try AuditLog.record(db, scope, action: "update", entity: "procedure", id: id, before: before, after: p, at: now)
            return p
        }
    }

    /// Archived procedures keep their results but leave the grids, the template and identification.
    public func setArchived(_ scope: Scope, id: Int64, _ archived: Bool) throws {
        try Policy.requireRegionSettings(scope)
        let now = database.now
        try database.write { db in
            guard let before = try Procedure.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            if (before.archivedAt != nil) == archived { return }
            var p = before
            p.archivedAt = archived ? now : nil
            p.updatedAt = now
            try p.update(db)
            try AuditLog.record(db, scope, action: archived ? "archive" : "restore", entity: "procedure", id: id,
                                before: before, after: p, at: now)
        }
    }

    /// Sets (or, with nil, removes) the minimum score of a procedure in a school year.
    public func setMinimumScore(_ scope: Scope, procedureId: Int64, year: SchoolYear, score: Int?) throws {
        try Policy.requireRegionSettings(scope)
        if let score, score < 0 { throw DomainError.invalid([FieldError("score", "Минимальный балл не может быть отрицательным")]) }
        let now = database.now
        try database.write { db in
            guard try Procedure.fetchOne(db, cachedKey: procedureId) != nil else { throw DomainError.notFound }
            let before = try Int.fetchOne(db, cachedSQL: "SELECT score FROM procedureMinimumScore WHERE procedureId = ? AND schoolYear = ?",
                                          arguments: [procedureId, year.start])
            if before == score { return }
            if let score {
                try db.execute(sql: "INSERT OR REPLACE INTO procedureMinimumScore (procedureId, schoolYear, score) VALUES (?, ?, ?)",
                               arguments: [procedureId, year.start, score])
            } else {
                try db.execute(sql: "DELETE FROM procedureMinimumScore WHERE procedureId = ? AND schoolYear = ?",
                               arguments: [procedureId, year.start])
            }
            try AuditLog.record(db, scope, action: "minimumScore", entity: "procedure", id: procedureId,
                                before: before.map { ["schoolYear": year.start, "score": $0] },
                                after: score.map { ["schoolYear": year.start, "score": $0] }, at: now)
        }
    }

    public func minimumScores(_ scope: Scope, procedureId: Int64) throws -> [(year: SchoolYear, score: Int)] {
        try database.read { db in
            try Row.fetchAll(db, cachedSQL: "SELECT schoolYear, score FROM procedureMinimumScore WHERE procedureId = ? ORDER BY schoolYear",
                             arguments: [procedureId]).map { (SchoolYear($0["schoolYear"]), $0["score"]) }
        }
    }

    private func validate(_ db: Database, _ input: ProcedureInput, id: Int64?) throws -> ProcedureInput {
        var clean = input
        clean.subject = input.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.variant = input.variant.trimmingCharacters(in: .whitespacesAndNewlines)
        // ОГЭ is taken in grade 9 and ЕГЭ in grade 11 whatever the form says.
        if clean.family == .oge { clean.grade = 9 }
        if clean.family == .ege { clean.grade = 11 }
        var errors: [FieldError] = []
        if clean.subject.isEmpty { errors.append(FieldError("subject", "Укажите предмет")) }
        if let g = clean.grade, !(1...11).contains(g) { errors.append(FieldError("grade", "Класс — число от 1 до 11")) }
        if clean.family == .vpr && clean.grade == nil { errors.append(FieldError("grade", "Для ВПР укажите класс")) }
        if errors.isEmpty {
            let taken = try Bool.fetchOne(db, cachedSQL: """
                SELECT EXISTS (SELECT 1 FROM procedure WHERE family = ? AND subject = ? AND IFNULL(grade, 0) = ? AND variant = ? AND id IS NOT ?)
                """, arguments: [clean.family, clean.subject, clean.grade ?? 0, clean.variant, id]) ?? false
            if taken { errors.append(FieldError("subject", "Такая процедура уже есть в перечне")) }
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return clean
    }
}
