import Foundation
import GRDB

/// Staff development figures of a school for a school year (seed 001: «100% курсовая подготовка управленческих
/// команд»; seed 002: diagnostics of professional deficits).
public struct StaffFigures: Sendable, Equatable, Codable {
    public var managementTeam: Int
    public var managementTrained: Int
    public var teachers: Int
    public var teachersTrained: Int
    public var teachersWithDeficits: Int

    public init(managementTeam: Int, managementTrained: Int, teachers: Int, teachersTrained: Int, teachersWithDeficits: Int) {
        self.managementTeam = managementTeam; self.managementTrained = managementTrained; self.teachers = teachers
        self.teachersTrained = teachersTrained; self.teachersWithDeficits = teachersWithDeficits
    }

    public static let zero = StaffFigures(managementTeam: 0, managementTrained: 0, teachers: 0, teachersTrained: 0, teachersWithDeficits: 0)

    static func share(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
    /// Shares 0…1; nil when the whole is 0.
    public var managementTrainedShare: Double? { Self.share(managementTrained, managementTeam) }
    public var teachersTrainedShare: Double? { Self.share(teachersTrained, teachers) }
    public var teachersWithDeficitsShare: Double? { Self.share(teachersWithDeficits, teachers) }

    static func + (a: StaffFigures, b: StaffFigures) -> StaffFigures {
        StaffFigures(managementTeam: a.managementTeam + b.managementTeam, managementTrained: a.managementTrained + b.managementTrained,
                     teachers: a.teachers + b.teachers, teachersTrained: a.teachersTrained + b.teachersTrained,
                     teachersWithDeficits: a.teachersWithDeficits + b.teachersWithDeficits)
    }
}

/// The form's text values.
public struct StaffInput: Sendable, Equatable {
    public var managementTeam: String
    public var managementTrained: String
    public var teachers: String
    public var teachersTrained: String
    public var teachersWithDeficits: String
    public init(managementTeam: String = "", managementTrained: String = "", teachers: String = "", teachersTrained: String = "",
                teachersWithDeficits: String = "") {
        self.managementTeam = managementTeam; self.managementTrained = managementTrained; self.teachers = teachers
        self.teachersTrained = teachersTrained; self.teachersWithDeficits = teachersWithDeficits
    }
    public init(_ f: StaffFigures) {
        self.init(managementTeam: "\(f.managementTeam)", managementTrained: "\(f.managementTrained)", teachers: "\(f.teachers)",
                  teachersTrained: "\(f.teachersTrained)", teachersWithDeficits: "\(f.teachersWithDeficits)")
    }
}

public struct StaffRow: Sendable, Equatable {
    public var school: SchoolOption
    public var figures: StaffFigures?
}

public struct StaffTotals: Sendable, Equatable {
    public var year: SchoolYear
    /// Schools with figures for the year.
    public var schools: Int
    public var sums: StaffFigures
    public var managementTrainedShare: Double? { sums.managementTrainedShare }
    public var teachersTrainedShare: Double? { sums.teachersTrainedShare }
    public var teachersWithDeficitsShare: Double? { sums.teachersWithDeficitsShare }
}

public struct StaffSchoolYear: Sendable, Equatable {
    public var year: SchoolYear
    public var figures: StaffFigures
}

public struct StaffDevelopment: Sendable {
    let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    static func figures(_ r: Row) -> StaffFigures {
        StaffFigures(managementTeam: r["managementTeam"], managementTrained: r["managementTrained"], teachers: r["teachers"],
                     teachersTrained: r["teachersTrained"], teachersWithDeficits: r["teachersWithDeficits"])
    }

    /// A school's figures for a year, or nil when not recorded.
    public func figures(_ scope: Scope, schoolId: Int64, year: SchoolYear) throws -> StaffFigures? {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            return try Row.fetchOne(db, cachedSQL: "SELECT * FROM staffDevelopment WHERE schoolId = ? AND schoolYear = ?",
                                    arguments: [schoolId, year.start]).map(Self.figures)
        }
    }

    /// A school's figures of every year recorded, newest first.
    public func forSchool(_ scope: Scope, schoolId: Int64) throws -> [StaffSchoolYear] {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            return try Row.fetchAll(db, cachedSQL: "SELECT * FROM staffDevelopment WHERE schoolId = ? ORDER BY schoolYear DESC", arguments: [schoolId])
                .map { StaffSchoolYear(year: SchoolYear($0["schoolYear"]), figures: Self.figures($0)) }
        }
    }

    public func canEdit(_ scope: Scope, schoolId: Int64) throws -> Bool {
        try database.read { try Policy.mayEditStaffFigures(scope, school: schoolId, $0) }
    }

    /// Validates and records the figures (replacing the year's). Every field is a whole number ≥ 0; trained and
    /// with deficits never exceed the whole.
    public func save(_ scope: Scope, schoolId: Int64, year: SchoolYear, _ input: StaffInput) throws {
        let now = database.now
        try database.write { db in
            try Policy.requireEditStaffFigures(scope, school: schoolId, db)
            var errors: [FieldError] = []
            func number(_ text: String, _ field: String) -> Int {
                let t = WorkspaceSupport.trim(text)
                if t.isEmpty { errors.append(FieldError(field, "Введите число (0, если нет)")); return 0 }
                guard let n = Int(t), n >= 0, n <= 100_000 else { errors.append(FieldError(field, "Введите целое число не меньше 0")); return 0 }
                return n
            }
            let f = StaffFigures(managementTeam: number(input.managementTeam, "managementTeam"),
                                 managementTrained: number(input.managementTrained, "managementTrained"),
                                 teachers: number(input.teachers, "teachers"),
                                 teachersTrained: number(input.teachersTrained, "teachersTrained"),
                                 teachersWithDeficits: number(input.teachersWithDeficits, "teachersWithDeficits"))
            if errors.isEmpty {
                if f.managementTrained > f.managementTeam {
                    errors.append(FieldError("managementTrained", "Прошедших курсовую подготовку не может быть больше, чем членов управленческой команды"))
                }
                if f.teachersTrained > f.teachers {
                    errors.append(FieldError("teachersTrained", "Прошедших курсовую подготовку не может быть больше, чем учителей"))
                }
                if f.teachersWithDeficits > f.teachers {
                    errors.append(FieldError("teachersWithDeficits", "Учителей с дефицитами не может быть больше, чем учителей"))
                }
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            let before = try Row.fetchOne(db, cachedSQL: "SELECT * FROM staffDevelopment WHERE schoolId = ? AND schoolYear = ?",
                                          arguments: [schoolId, year.start]).map(Self.figures)
            try db.execute(sql: """
                INSERT INTO staffDevelopment (schoolId, schoolYear, managementTeam, managementTrained, teachers, teachersTrained,
                                              teachersWithDeficits, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (schoolId, schoolYear) DO UPDATE SET managementTeam = excluded.managementTeam,
                    managementTrained = excluded.managementTrained, teachers = excluded.teachers, teachersTrained = excluded.teachersTrained,
                    teachersWithDeficits = excluded.teachersWithDeficits, updatedAt = excluded.updatedAt
                """, arguments: [schoolId, year.start, f.managementTeam, f.managementTrained, f.teachers, f.teachersTrained,
                                 f.teachersWithDeficits, now])
            try AuditLog.record(db, scope, action: before == nil ? "create" : "update", entity: "staffDevelopment", id: schoolId,
                                before: before, after: f, at: now)
        }
    }

    /// The municipality's table for a year: schools in the programme that year or with figures recorded.
    public func table(_ scope: Scope, municipalityId: Int64, year: SchoolYear) throws -> [StaffRow] {
        try Policy.requireReadStaffTable(scope, municipalityId: municipalityId)
        return try database.read { db in
            _ = try WorkspaceSupport.municipalityName(db, municipalityId)
            return try Row.fetchAll(db, cachedSQL: """
                SELECT s.id, s.shortName, s.name, sd.managementTeam, sd.managementTrained, sd.teachers, sd.teachersTrained,
                       sd.teachersWithDeficits
                FROM school s LEFT JOIN staffDevelopment sd ON sd.schoolId = s.id AND sd.schoolYear = ?
                WHERE s.municipalityId = ? AND (sd.schoolId IS NOT NULL OR (s.archivedAt IS NULL AND EXISTS (
                    SELECT 1 FROM schoolStatus st WHERE st.schoolId = s.id AND st.schoolYear = ? AND st.flag IN ('lowResults', 'programmeParticipant'))))
                ORDER BY s.shortName, s.id
                """, arguments: [year.start, municipalityId, year.start]).map { r in
                StaffRow(school: SchoolOption(id: r["id"], shortName: r["shortName"], name: r["name"]),
                         figures: (r["managementTeam"] as Int?) == nil ? nil : Self.figures(r))
            }
        }
    }

    /// Sums and shares over the schools with figures for the year (municipality nil: the whole region, region only).
    public func totals(_ scope: Scope, municipalityId: Int64?, year: SchoolYear) throws -> StaffTotals {
        try Policy.requireReadStaffTotals(scope, municipalityId: municipalityId)
        return try database.read { db in
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT sd.* FROM staffDevelopment sd JOIN school s ON s.id = sd.schoolId
                WHERE sd.schoolYear = ? AND (? IS NULL OR s.municipalityId = ?)
                """, arguments: [year.start, municipalityId, municipalityId])
            return StaffTotals(year: year, schools: rows.count, sums: rows.map(Self.figures).reduce(.zero, +))
        }
    }
}
