import Foundation
import GRDB

public struct CuratorListItem: Sendable, Equatable {
    public var id: Int64
    public var fullName: String
    public var login: String
    public var municipalityId: Int64
    public var municipalityName: String
    public var workplace: String
    public var position: String
    public var isActive: Bool
    /// Short names of the schools assigned in the listed year.
    public var schools: [String]
    /// When none are assigned in the listed year: the latest earlier year with assignments and its schools.
    public var earlierYear: SchoolYear? = nil
    public var earlierSchools: [String] = []
}

public struct CuratorSchool: Sendable, Equatable {
    public var assignmentId: Int64
    public var schoolId: Int64
    public var name: String
    public var shortName: String
    public var orderNumber: String? = nil
    /// yyyy-MM-dd
    public var orderDate: String? = nil
}

public struct CuratorDetail: Sendable {
    public var curator: User
    public var municipality: Municipality
    public var workplace: String
    public var workplaceSchoolId: Int64?
    public var workplaceSchoolName: String?
    public var position: String
    /// Newest year first.
    public var schoolsByYear: [(year: SchoolYear, schools: [CuratorSchool])]
    /// Whether the acting user may change the profile and the assignments (the page shows the forms).
    public var canManage: Bool
}

public struct CuratorProfileInput: Sendable, Equatable {
    public var workplace: String
    public var workplaceSchoolId: Int64?
    public var position: String
    public init(workplace: String, workplaceSchoolId: Int64?, position: String) {
        self.workplace = workplace; self.workplaceSchoolId = workplaceSchoolId; self.position = position
    }
}

/// A school a form may offer: id and name.
public struct SchoolOption: Sendable, Equatable {
    public var id: Int64
    public var shortName: String
    public var name: String

    /// By short name as people read it («СШ № 2» before «СШ № 19»), then by id.
    public static func naturallySorted(_ options: [SchoolOption]) -> [SchoolOption] {
        NaturalSortKey.order(options, name: \.shortName, id: \.id).map { options[$0] }
    }
}

/// Curators: lists, pages and profiles (workplace and position). Accounts themselves are created elsewhere.
public struct Curators: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public func list(_ scope: Scope, municipalityId: Int64? = nil, year: SchoolYear? = nil) throws -> (year: SchoolYear, items: [CuratorListItem]) {
        try Policy.requireReadMunicipalityProgramme(scope, municipalityId: Policy.isFixedToMunicipality(scope) ? nil : municipalityId)
        return try database.read { db in
            let year = try year ?? SchoolDirectory(database: database).defaultYear(db)
            var conditions: [SQL] = ["user.role = 'curator'", Policy.visibleCurators(scope)]
            if let municipalityId { conditions.append("user.municipalityId = \(municipalityId)") }
            let rows = try SQLRequest<Row>(literal: """
                SELECT user.id, user.fullName, user.login, user.municipalityId, user.isActive, municipality.name AS municipalityName,
                       COALESCE(p.workplace, '') AS workplace, COALESCE(p.position, '') AS position, ws.shortName AS workplaceSchool
                FROM user JOIN municipality ON municipality.id = user.municipalityId
                LEFT JOIN curatorProfile p ON p.userId = user.id
                LEFT JOIN school ws ON ws.id = p.workplaceSchoolId
                WHERE \(conditions.joined(operator: .and))
                ORDER BY municipality.name, user.fullName, user.id
                """).fetchAll(db)
            // Assignments of the listed year and, for curators without any, of their latest earlier year.
            var byYear: [Int64: [(year: Int, school: String)]] = [:]
            let assignmentRows = try SQLRequest<Row>(literal: """
                SELECT a.curatorId, a.schoolYear, school.shortName FROM curatorAssignment a
                JOIN school ON school.id = a.schoolId JOIN user ON user.id = a.curatorId
                WHERE a.schoolYear <= \(year.start) AND \(Policy.visibleCurators(scope))
                ORDER BY a.schoolYear DESC, school.shortName
                """).fetchAll(db)
            for row in assignmentRows { byYear[row["curatorId"], default: []].append((row["schoolYear"], row["shortName"])) }
            let items = rows.map { row -> CuratorListItem in
                var workplace: String = row["workplace"]
                if workplace.isEmpty, let school: String = row["workplaceSchool"] { workplace = school }
                let assigned = byYear[row["id"]] ?? []
                var item = CuratorListItem(id: row["id"], fullName: row["fullName"], login: row["login"], municipalityId: row["municipalityId"],
                                           municipalityName: row["municipalityName"], workplace: workplace, position: row["position"],
                                           isActive: row["isActive"], schools: assigned.filter { $0.year == year.start }.map(\.school))
                if item.schools.isEmpty, let latest = assigned.first?.year {
                    item.earlierYear = SchoolYear(latest)
                    item.earlierSchools = assigned.filter { $0.year == latest }.map(\.school)
                }
                return item
            }
            return (year, items)
        }
    }

    static func curator(_ db: Database, id: Int64) throws -> User {
        guard let user = try User.fetchOne(db, cachedKey: id), user.role == .curator else { throw DomainError.notFound }
        return user
    }

    public func detail(_ scope: Scope, id: Int64) throws -> CuratorDetail {
        try database.read { db in
            let user = try Self.curator(db, id: id)
            try Policy.requireReadCurator(scope, curatorId: id, municipalityId: user.municipalityId)
            guard let municipalityId = user.municipalityId, let municipality = try Municipality.fetchOne(db, cachedKey: municipalityId) else {
                throw DomainError.notFound
            }
            let profile = try Row.fetchOne(db, cachedSQL: """
                SELECT p.workplace, p.position, p.workplaceSchoolId, school.shortName FROM curatorProfile p
                LEFT JOIN school ON school.id = p.workplaceSchoolId WHERE p.userId = ?
                """, arguments: [id])
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT a.id, a.schoolYear, a.orderNumber, a.orderDate, school.id AS schoolId, school.name, school.shortName FROM curatorAssignment a
                JOIN school ON school.id = a.schoolId WHERE a.curatorId = ?
                ORDER BY a.schoolYear DESC, school.shortName
                """, arguments: [id])
            var byYear: [(year: SchoolYear, schools: [CuratorSchool])] = []
            for row in rows {
                let year = SchoolYear(row["schoolYear"])
                let school = CuratorSchool(assignmentId: row["id"], schoolId: row["schoolId"], name: row["name"], shortName: row["shortName"],
                                           orderNumber: row["orderNumber"], orderDate: row["orderDate"])
                if byYear.last?.year == year { byYear[byYear.count - 1].schools.append(school) } else { byYear.append((year, [school])) }
            }
            let canManage = Policy.mayManageCurator(scope, curatorMunicipalityId: user.municipalityId)
            return CuratorDetail(curator: user, municipality: municipality, workplace: profile?["workplace"] ?? "",
                                 workplaceSchoolId: profile?["workplaceSchoolId"], workplaceSchoolName: profile?["shortName"],
                                 position: profile?["position"] ?? "", schoolsByYear: byYear, canManage: canManage)
        }
    }

    /// Schools of the curator's municipality, for the forms (requires the right to manage the curator).
    public func schoolOptions(_ scope: Scope, curatorId: Int64) throws -> [SchoolOption] {
        try database.read { db in
            let user = try Self.curator(db, id: curatorId)
            try Policy.requireManageCurator(scope, curatorMunicipalityId: user.municipalityId)
            return try Self.schoolOptions(db, municipalityId: user.municipalityId ?? -1)
        }
    }

    static func schoolOptions(_ db: Database, municipalityId: Int64) throws -> [SchoolOption] {
        SchoolOption.naturallySorted(try Row.fetchAll(db, cachedSQL: "SELECT id, shortName, name FROM school WHERE municipalityId = ? AND archivedAt IS NULL",
                                                      arguments: [municipalityId]).map { SchoolOption(id: $0["id"], shortName: $0["shortName"], name: $0["name"]) })
    }

    public func updateProfile(_ scope: Scope, curatorId: Int64, _ input: CuratorProfileInput) throws {
        try database.write { db in
            let user = try Self.curator(db, id: curatorId)
            try Policy.requireManageCurator(scope, curatorMunicipalityId: user.municipalityId)
            let workplace = input.workplace.trimmingCharacters(in: .whitespacesAndNewlines)
            let position = input.position.trimmingCharacters(in: .whitespacesAndNewlines)
            var errors: [FieldError] = []
            if workplace.count > 300 { errors.append(FieldError("workplace", "Место работы — не длиннее 300 знаков")) }
            if position.count > 300 { errors.append(FieldError("position", "Должность — не длиннее 300 знаков")) }
            if let schoolId = input.workplaceSchoolId {
                let same = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId])
                if same != user.municipalityId {
                    errors.append(FieldError("workplaceSchoolId", "Выберите школу муниципалитета куратора"))
                }
            }
            if workplace.isEmpty && input.workplaceSchoolId == nil {
                errors.append(FieldError("workplace", "Укажите место работы: школу или организацию"))
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            let previous = try Row.fetchOne(db, cachedSQL: "SELECT workplace, position, workplaceSchoolId FROM curatorProfile WHERE userId = ?", arguments: [curatorId])
            try db.execute(sql: """
                INSERT INTO curatorProfile (userId, workplaceSchoolId, workplace, position) VALUES (?, ?, ?, ?)
                ON CONFLICT(userId) DO UPDATE SET workplaceSchoolId = excluded.workplaceSchoolId,
                    workplace = excluded.workplace, position = excluded.position
                """, arguments: [curatorId, input.workplaceSchoolId, workplace, position])
            let before = previous.map { ProfileSnapshot(workplace: $0["workplace"], workplaceSchoolId: $0["workplaceSchoolId"], position: $0["position"]) }
            try AuditLog.record(db, scope, action: previous == nil ? "create" : "update", entity: "curatorProfile", id: curatorId,
                                before: before, after: ProfileSnapshot(workplace: workplace, workplaceSchoolId: input.workplaceSchoolId, position: position),
                                at: database.now)
        }
    }

    struct ProfileSnapshot: Codable { var workplace: String; var workplaceSchoolId: Int64?; var position: String }
}
