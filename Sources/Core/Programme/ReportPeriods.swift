import Foundation
import GRDB

/// A reporting half-year of a school year in one municipality: «I полугодие 2022/2023».
public struct ReportPeriodItem: Sendable, Equatable {
    public var id: Int64
    public var municipalityId: Int64
    public var year: SchoolYear
    /// 1 or 2.
    public var half: Int
    /// yyyy-MM-dd
    public var dueDate: String
    public var isOpen: Bool
    public var openedAt: Date?
    public var closedAt: Date?

    /// «I полугодие»
    public var halfTitle: String { half == 1 ? "I полугодие" : "II полугодие" }
    /// «I полугодие 2022/2023»
    public var title: String { "\(halfTitle) \(year.title)" }
    /// Never opened, open, or closed.
    public var stateTitle: String { isOpen ? "открыт" : (closedAt != nil ? "закрыт" : "не открыт") }

    static func from(_ row: Row) -> ReportPeriodItem {
        ReportPeriodItem(id: row["id"], municipalityId: row["municipalityId"], year: SchoolYear(row["schoolYear"]),
                         half: row["half"], dueDate: row["dueDate"], isOpen: row["isOpen"], openedAt: row["openedAt"],
                         closedAt: row["closedAt"])
    }
}

/// Report periods per municipality: the coordinator creates the two half-years of a school year with their due
/// dates, opens them for reports and closes them.
public struct ReportPeriods: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    struct Snapshot: Codable {
        var municipalityId: Int64, schoolYear: Int, half: Int, dueDate: String, isOpen: Bool
    }

    /// The default due date: I полугодие — 15 January of the second calendar year; II — 15 June.
    public static func defaultDueDate(year: SchoolYear, half: Int) -> String {
        half == 1 ? String(format: "%04d-01-15", year.start + 1) : String(format: "%04d-06-15", year.start + 1)
    }

    /// The first day of the half-year: 1 September (I) or 1 January (II).
    public static func halfStart(year: SchoolYear, half: Int) -> String {
        half == 1 ? String(format: "%04d-09-01", year.start) : String(format: "%04d-01-01", year.start + 1)
    }

    /// Reads «15.01.2023» or «2023-01-15» into yyyy-MM-dd.
    public static func parseDate(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let numbers = trimmed.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        if trimmed.contains("-") { return Due.day(numbers[0], numbers[1], numbers[2]) }
        return Due.day(numbers[2], numbers[1], numbers[0])
    }

    /// The periods of a municipality: anyone who reads the municipality (directors and curators need their dates).
    public func list(_ scope: Scope, municipalityId: Int64, year: SchoolYear? = nil) throws -> [ReportPeriodItem] {
        try database.read { db in
            try Self.requireRead(scope, municipalityId: municipalityId, db)
            return try Self.periods(db, municipalityId: municipalityId, year: year)
        }
    }

    static func requireRead(_ scope: Scope, municipalityId: Int64, _ db: Database) throws {
        try Policy.authorizeRead(scope, municipality: municipalityId, db)
    }

    static func periods(_ db: Database, municipalityId: Int64, year: SchoolYear?) throws -> [ReportPeriodItem] {
        var sql = "SELECT * FROM reportPeriod WHERE municipalityId = ?"
        var arguments: [any DatabaseValueConvertible] = [municipalityId]
        if let year { sql += " AND schoolYear = ?"; arguments.append(year.start) }
        sql += " ORDER BY schoolYear DESC, half"
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(ReportPeriodItem.from)
    }

    static func period(_ db: Database, id: Int64) throws -> ReportPeriodItem {
        guard let row = try Row.fetchOne(db, cachedSQL: "SELECT * FROM reportPeriod WHERE id = ?", arguments: [id]) else {
            throw DomainError.notFound
        }
        return ReportPeriodItem.from(row)
    }

    /// One period, for anyone who reads its municipality.
    public func period(_ scope: Scope, id: Int64) throws -> ReportPeriodItem {
        try database.read { db in
            let period = try Self.period(db, id: id)
            try Self.requireRead(scope, municipalityId: period.municipalityId, db)
            return period
        }
    }

    /// Creates a half-year; an empty due date takes the default. Not opened yet.
    @discardableResult
    public func create(_ scope: Scope, municipalityId: Int64, year: SchoolYear?, half: Int?, dueDate: String) throws -> Int64 {
        try Policy.requireManageMunicipality(scope, municipalityId)
        return try database.write { db in
            guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM municipality WHERE id = ?)", arguments: [municipalityId]) == true else {
                throw DomainError.notFound
            }
            var errors: [FieldError] = []
            if year == nil { errors.append(FieldError("year", "Выберите учебный год")) }
            if half != 1 && half != 2 { errors.append(FieldError("half", "Выберите полугодие")) }
            var due: String? = nil
            if let year, let half, half == 1 || half == 2 {
                let text = dueDate.trimmingCharacters(in: .whitespacesAndNewlines)
                if text.isEmpty {
                    due = Self.defaultDueDate(year: year, half: half)
                } else if let parsed = Self.parseDate(text) {
                    if let message = Self.dueDateProblem(parsed, year: year, half: half) {
                        errors.append(FieldError("dueDate", message))
                    } else {
                        due = parsed
                    }
                } else {
                    errors.append(FieldError("dueDate", "Введите срок сдачи в виде дд.мм.гггг, например 15.01.\(year.start + 1)"))
                }
                let taken = try Bool.fetchOne(db, cachedSQL: """
                    SELECT EXISTS (SELECT 1 FROM reportPeriod WHERE municipalityId = ? AND schoolYear = ? AND half = ?)
                    """, arguments: [municipalityId, year.start, half]) == true
                if taken {
                    errors.append(FieldError("half", "\(half == 1 ? "I" : "II") полугодие \(year.title) уже создано"))
                }
            }
            guard errors.isEmpty, let year, let half, let due else { throw DomainError.invalid(errors) }
            return try Self.insert(db, scope, municipalityId: municipalityId, year: year, half: half, dueDate: due, at: database.now)
        }
    }

    /// Writes a checked, not yet opened half-year and its audit entry, in the caller's transaction.
    static func insert(_ db: Database, _ scope: Scope, municipalityId: Int64, year: SchoolYear, half: Int, dueDate due: String,
                       at now: Date) throws -> Int64 {
        try db.execute(sql: "INSERT INTO reportPeriod (municipalityId, schoolYear, half, dueDate, isOpen) VALUES (?, ?, ?, ?, 0)",
                       arguments: [municipalityId, year.start, half, due])
        let id = db.lastInsertedRowID
        try AuditLog.record(db, scope, action: "create", entity: "reportPeriod", id: id, before: Snapshot?.none,
                            after: Snapshot(municipalityId: municipalityId, schoolYear: year.start, half: half, dueDate: due, isOpen: false),
                            at: now)
        return id
    }

    /// A due date must fall inside the half-year or after it, and within the calendar year the school year ends in
    /// (or, for the first half, no later than the end of the school year).
    static func dueDateProblem(_ due: String, year: SchoolYear, half: Int) -> String? {
        let start = halfStart(year: year, half: half)
        if due < start {
            return "Срок сдачи не может быть раньше начала полугодия (\(DayText.russian(start)))"
        }
        let latest = String(format: "%04d-12-31", year.start + 1)
        if due > latest {
            return "Срок сдачи — не позже \(DayText.russian(latest))"
        }
        return nil
    }

    /// Moves the due date (the same rules as at creation); lateness follows the new date.
    public func setDueDate(_ scope: Scope, id: Int64, _ text: String) throws {
        try database.write { db in
            let before = try Self.period(db, id: id)
            try Policy.requireManageMunicipality(scope, before.municipalityId)
            let field = "dueDate-\(id)"
            guard let due = Self.parseDate(text) else {
                throw DomainError.invalid([FieldError(field, "Введите срок сдачи в виде дд.мм.гггг, например 15.01.\(before.year.start + 1)")])
            }
            if let message = Self.dueDateProblem(due, year: before.year, half: before.half) {
                throw DomainError.invalid([FieldError(field, message)])
            }
            try db.execute(sql: "UPDATE reportPeriod SET dueDate = ? WHERE id = ?", arguments: [due, id])
            let snapshot = { (dueDate: String) in
                Snapshot(municipalityId: before.municipalityId, schoolYear: before.year.start, half: before.half,
                         dueDate: dueDate, isOpen: before.isOpen)
            }
            try AuditLog.record(db, scope, action: "update", entity: "reportPeriod", id: id,
                                before: snapshot(before.dueDate), after: snapshot(due), at: database.now)
        }
    }

    /// Opens (true) or closes (false) a period for reports.
    public func setOpen(_ scope: Scope, id: Int64, _ open: Bool) throws {
        try database.write { db in
            let before = try Self.period(db, id: id)
            try Policy.requireManageMunicipality(scope, before.municipalityId)
            if before.isOpen == open {
                throw DomainError.conflict(open ? "\(before.title) уже открыто." : "\(before.title) уже закрыто.")
            }
            let now = database.now
            if open {
                try db.execute(sql: "UPDATE reportPeriod SET isOpen = 1, openedAt = ?, closedAt = NULL WHERE id = ?", arguments: [now, id])
            } else {
                try db.execute(sql: "UPDATE reportPeriod SET isOpen = 0, closedAt = ? WHERE id = ?", arguments: [now, id])
            }
            let snapshot = { (isOpen: Bool) in
                Snapshot(municipalityId: before.municipalityId, schoolYear: before.year.start, half: before.half,
                         dueDate: before.dueDate, isOpen: isOpen)
            }
            try AuditLog.record(db, scope, action: open ? "open" : "close", entity: "reportPeriod", id: id,
                                before: snapshot(before.isOpen), after: snapshot(open), at: now)
            if open { try NotificationTriggers.periodOpened(db, periodId: id, at: now) }
        }
    }
}
