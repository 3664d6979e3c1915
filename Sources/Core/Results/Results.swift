import Foundation
import GRDB

/// The figures of one result: aggregates only, no pupil data. A share is always computed from
/// these, never stored or typed.
public struct ResultValues: Codable, Sendable, Equatable {
    public var participants: Int
    public var mark2: Int?
    public var mark3: Int?
    public var mark4: Int?
    public var mark5: Int?
    public var belowMinimum: Int?
    public var meanScore: Double?
    public var lowered: Int?
    public var confirmed: Int?
    public var raised: Int?

    public init(participants: Int, mark2: Int? = nil, mark3: Int? = nil, mark4: Int? = nil, mark5: Int? = nil,
                belowMinimum: Int? = nil, meanScore: Double? = nil, lowered: Int? = nil, confirmed: Int? = nil, raised: Int? = nil) {
        self.participants = participants; self.mark2 = mark2; self.mark3 = mark3; self.mark4 = mark4; self.mark5 = mark5
        self.belowMinimum = belowMinimum; self.meanScore = meanScore
        self.lowered = lowered; self.confirmed = confirmed; self.raised = raised
    }

    /// The count the procedure's rule compares with the participants.
    public func lowCount(_ rule: LowRule) -> Int? {
        switch rule {
        case .markTwo: mark2
        case .belowMinimum: belowMinimum
        }
    }

    private func column(_ label: String) -> String { label.hasPrefix("«") ? "Графа \(label)" : "Графа «\(label)»" }

    /// Checks the figures against the procedure's rule; messages in Russian keyed by field
    /// (`participants`, `mark2` … `raised`). The web grid and the importer share this.
    public func validationErrors(for rule: LowRule) -> [FieldError] {
        var errors: [FieldError] = []
        let counts: [(String, String, Int?)] = [
            ("participants", "Участников", participants), ("mark2", "«2»", mark2), ("mark3", "«3»", mark3),
            ("mark4", "«4»", mark4), ("mark5", "«5»", mark5), ("belowMinimum", "Ниже минимума", belowMinimum),
            ("lowered", "Понизили", lowered), ("confirmed", "Подтвердили", confirmed), ("raised", "Повысили", raised),
        ]
        for (field, label, value) in counts {
            if let value, value < 0 { errors.append(FieldError(field, "\(column(label)): число не может быть отрицательным")) }
        }
        if !errors.isEmpty { return errors }
        for (field, label, value) in counts.dropFirst() {
            if let value, value > participants {
                errors.append(FieldError(field, "\(column(label)): \(value) больше числа участников (\(participants))"))
            }
        }
        let marks = [mark2, mark3, mark4, mark5]
        let given = marks.compactMap { $0 }
        switch rule {
        case .markTwo:
            if mark2 == nil { errors.append(FieldError("mark2", "Укажите число отметок «2»: по нему определяется низкий результат")) }
            if given.count != 4 {
                for (field, value) in zip(["mark2", "mark3", "mark4", "mark5"], marks) where value == nil && field != "mark2" {
                    errors.append(FieldError(field, "Укажите число отметок «\(field.dropFirst(4))»"))
                }
            }
        case .belowMinimum:
            if belowMinimum == nil {
                errors.append(FieldError("belowMinimum", "Укажите, сколько участников не преодолели минимальный порог"))
            }
            if !given.isEmpty && given.count != 4 {
                errors.append(FieldError("mark2", "Укажите все четыре отметки «2»–«5» или оставьте их пустыми"))
            }
        }
        if given.count == 4 {
            let sum = given.reduce(0, +)
            if sum != participants {
                errors.append(FieldError("mark2", "Сумма отметок «2»–«5» (\(sum)) не равна числу участников (\(participants))"))
            }
        }
        let journal = [lowered, confirmed, raised].compactMap { $0 }
        if !journal.isEmpty {
            if journal.count != 3 {
                errors.append(FieldError("lowered", "Укажите все три числа: понизили, подтвердили, повысили — или оставьте их пустыми"))
            } else if journal.reduce(0, +) != participants {
                errors.append(FieldError("lowered",
                    "Понизили + подтвердили + повысили (\(journal.reduce(0, +))) не равно числу участников (\(participants))"))
            }
        }
        if let m = meanScore, !(m.isFinite && m >= 0 && m <= 100) {
            errors.append(FieldError("meanScore", "Средний балл — число от 0 до 100"))
        }
        return errors
    }
}

/// The same figures as typed into a form or read from a file cell: text, parsed with Russian messages.
public struct ResultForm: Sendable, Equatable {
    public var participants = ""
    public var mark2 = "", mark3 = "", mark4 = "", mark5 = ""
    public var belowMinimum = ""
    public var meanScore = ""
    public var lowered = "", confirmed = "", raised = ""
    public init() {}

    /// True when every cell is empty: the row is left out (or removed from the grid).
    public var isEmpty: Bool {
        [participants, mark2, mark3, mark4, mark5, belowMinimum, meanScore, lowered, confirmed, raised]
            .allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// Parses and validates; field keys as in `ResultValues.validationErrors`.
    public func values(for rule: LowRule) -> Result<ResultValues, DomainError> {
        var errors: [FieldError] = []
        func count(_ field: String, _ text: String) -> Int? {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty { return nil }
            guard let n = Int(t) else {
                errors.append(FieldError(field, "Введите целое неотрицательное число, а не «\(t)»"))
                return nil
            }
            return n
        }
        let p = count("participants", participants)
        if p == nil && !errors.contains(where: { $0.field == "participants" }) {
            errors.append(FieldError("participants", "Укажите число участников"))
        }
        var v = ResultValues(participants: p ?? 0, mark2: count("mark2", mark2), mark3: count("mark3", mark3),
                             mark4: count("mark4", mark4), mark5: count("mark5", mark5),
                             belowMinimum: count("belowMinimum", belowMinimum),
                             lowered: count("lowered", lowered), confirmed: count("confirmed", confirmed), raised: count("raised", raised))
        let mean = meanScore.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ",", with: ".")
        if !mean.isEmpty {
            if let m = Double(mean) { v.meanScore = m } else { errors.append(FieldError("meanScore", "Средний балл — число, например 3,8")) }
        }
        if !errors.isEmpty { return .failure(.invalid(errors)) }
        let problems = v.validationErrors(for: rule)
        return problems.isEmpty ? .success(v) : .failure(.invalid(problems))
    }
}

/// A stored result.
public struct ResultRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "result"
    public var id: Int64?
    public var schoolId: Int64
    public var procedureId: Int64
    public var schoolYear: Int
    public var participants: Int
    public var mark2: Int?, mark3: Int?, mark4: Int?, mark5: Int?
    public var belowMinimum: Int?
    public var meanScore: Double?
    public var lowered: Int?, confirmed: Int?, raised: Int?
    public var importId: Int64?
    public var updatedAt: Date
    public var updatedBy: Int64?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var values: ResultValues {
        get {
            ResultValues(participants: participants, mark2: mark2, mark3: mark3, mark4: mark4, mark5: mark5,
                         belowMinimum: belowMinimum, meanScore: meanScore, lowered: lowered, confirmed: confirmed, raised: raised)
        }
        set {
            participants = newValue.participants; mark2 = newValue.mark2; mark3 = newValue.mark3; mark4 = newValue.mark4
            mark5 = newValue.mark5; belowMinimum = newValue.belowMinimum; meanScore = newValue.meanScore
            lowered = newValue.lowered; confirmed = newValue.confirmed; raised = newValue.raised
        }
    }
}

/// One line of a school's grid: a procedure and its result in the year, if any.
public struct ResultGridRow: Sendable, Equatable {
    public var procedure: Procedure
    public var values: ResultValues?
    /// The share by the procedure's rule, in basis points (rounded down); nil without data.
    public var lowShareBasisPoints: Int?
    public var isLow: Bool
}

public struct ResultGrid: Sendable, Equatable {
    public var schoolId: Int64
    public var year: SchoolYear
    public var rows: [ResultGridRow]
}

/// What happened to a row when saving.
public enum ResultChange: String, Sendable, Equatable {
    case inserted, updated, unchanged, deleted
}

/// Results per school, procedure and school year.
public struct Results: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// A school's grid for a year: every current procedure (and any archived one with a result).
    public func grid(_ scope: Scope, schoolId: Int64, year: SchoolYear) throws -> ResultGrid {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let settings = try RegionSettings.load(db)
            let stored = try ResultRecord.filter(Column("schoolId") == schoolId && Column("schoolYear") == year.start).fetchAll(db)
            let byProcedure = Dictionary(stored.map { ($0.procedureId, $0) }, uniquingKeysWith: { a, _ in a })
            let rows = try Procedures.all(db).compactMap { p -> ResultGridRow? in
                let r = byProcedure[p.id!]
                if p.archivedAt != nil && r == nil { return nil }
                return Self.row(p, r?.values, shareBasisPoints: settings.lowShareBasisPoints)
            }
            return ResultGrid(schoolId: schoolId, year: year, rows: rows)
        }
    }

    static func row(_ p: Procedure, _ v: ResultValues?, shareBasisPoints: Int) -> ResultGridRow {
        guard let v, let count = v.lowCount(p.lowRule), v.participants > 0 else {
            return ResultGridRow(procedure: p, values: v, lowShareBasisPoints: nil, isLow: false)
        }
        return ResultGridRow(procedure: p, values: v, lowShareBasisPoints: count * 10000 / v.participants,
                             isLow: Identification.isLow(count: count, participants: v.participants, basisPoints: shareBasisPoints))
    }

    /// Every result of a school, all years, newest first.
    public func history(_ scope: Scope, schoolId: Int64) throws -> [(year: SchoolYear, procedure: Procedure, values: ResultValues)] {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let procedures = Dictionary(uniqueKeysWithValues: try Procedures.all(db).map { ($0.id!, $0) })
            return try ResultRecord.filter(Column("schoolId") == schoolId).order(Column("schoolYear").desc).fetchAll(db)
                .compactMap { r in procedures[r.procedureId].map { (SchoolYear(r.schoolYear), $0, r.values) } }
                .sorted { $0.year != $1.year ? $0.year > $1.year : ($0.procedure.sortOrder, $0.procedure.id!) < ($1.procedure.sortOrder, $1.procedure.id!) }
        }
    }

    /// Saves a school's grid for a year: a procedure whose form is empty loses its result. All
    /// or nothing: any error refuses the whole grid, with field keys `p<procedureId>.<field>`.
    @discardableResult
    public func saveGrid(_ scope: Scope, schoolId: Int64, year: SchoolYear, forms: [Int64: ResultForm]) throws -> [Int64: ResultChange] {
        let now = database.now
        return try database.write { db in
            try Policy.requireManageSchool(scope, school: schoolId, db)
            guard (2000...2100).contains(year.start) else { throw DomainError.invalid([FieldError("year", "Неверный учебный год")]) }
            var errors: [FieldError] = []
            var parsed: [(Procedure, ResultValues?)] = []
            for (procedureId, form) in forms.sorted(by: { $0.key < $1.key }) {
                guard let p = try Procedure.fetchOne(db, cachedKey: procedureId) else {
                    errors.append(FieldError("p\(procedureId)", "Нет такой оценочной процедуры"))
                    continue
                }
                if form.isEmpty { parsed.append((p, nil)); continue }
                switch form.values(for: p.lowRule) {
                case .success(let v): parsed.append((p, v))
                case .failure(.invalid(let fieldErrors)):
                    errors += fieldErrors.map { FieldError("p\(procedureId).\($0.field)", "\(p.title): \($0.message)") }
                case .failure(let other): throw other
                }
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            var changes: [Int64: ResultChange] = [:]
            for (p, v) in parsed {
                changes[p.id!] = try Self.store(db, scope, schoolId: schoolId, procedureId: p.id!, year: year, values: v,
                                                importId: nil, at: now)
            }
            return changes
        }
    }

    /// Writes one result in the caller's transaction (nil values delete it) with its audit entry.
    /// The caller has checked the scope and validated the values; the importer uses this too.
    static func store(_ db: Database, _ scope: Scope, schoolId: Int64, procedureId: Int64, year: SchoolYear,
                      values: ResultValues?, importId: Int64?, at now: Date) throws -> ResultChange {
        let existing = try ResultRecord
            .filter(Column("schoolId") == schoolId && Column("procedureId") == procedureId && Column("schoolYear") == year.start)
            .fetchOne(db)
        switch (existing, values) {
        case (nil, nil):
            return .unchanged
        case (let old?, nil):
            try old.delete(db)
            try AuditLog.record(db, scope, action: "delete", entity: "result", id: old.id, before: old, after: ResultRecord?.none, at: now)
            return .deleted
        case (nil, let v?):
            var r = ResultRecord(id: nil, schoolId: schoolId, procedureId: procedureId, schoolYear: year.start, participants: 0,
                                 importId: importId, updatedAt: now, updatedBy: scope.userId)
            r.values = v
            try r.insert(db)
            try AuditLog.record(db, scope, action: "create", entity: "result", id: r.id, before: ResultRecord?.none, after: r, at: now)
            return .inserted
        case (let old?, let v?):
            if old.values == v { return .unchanged }
            var r = old
            r.values = v; r.importId = importId; r.updatedAt = now; r.updatedBy = scope.userId
            try r.update(db)
            try AuditLog.record(db, scope, action: "update", entity: "result", id: r.id, before: old, after: r, at: now)
            return .updated
        }
    }
}
