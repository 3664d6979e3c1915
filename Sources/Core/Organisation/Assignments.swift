import Foundation
import GRDB

/// Curator ↔ school for a school year (many to many), kept by an admin or the municipality's coordinator.
public struct Assignments: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    struct Snapshot: Codable { var curatorId: Int64; var schoolId: Int64; var schoolYear: Int; var orderNumber: String? = nil; var orderDate: String? = nil }

    /// Assigns the curator to the school for the year, by the order (приказ №, date) when given. Both must be in one
    /// municipality; duplicates are refused.
    @discardableResult
    public func assign(_ scope: Scope, curatorId: Int64, schoolId: Int64?, year: SchoolYear?,
                       orderNumber: String = "", orderDate: String = "") throws -> Int64 {
        try database.write { db in
            let curator = try Curators.curator(db, id: curatorId)
            try Policy.requireManageCurator(scope, curatorMunicipalityId: curator.municipalityId)
            var errors: [FieldError] = []
            var school: School? = nil
            if let schoolId {
                school = try School.fetchOne(db, cachedKey: schoolId)
                if school == nil || school?.municipalityId != curator.municipalityId {
                    errors.append(FieldError("schoolId", "Выберите школу муниципалитета куратора"))
                    school = nil
                } else if school?.archivedAt != nil {
                    errors.append(FieldError("schoolId", "Школа в архиве: закрепить к ней куратора нельзя"))
                }
            } else {
                errors.append(FieldError("schoolId", "Выберите школу"))
            }
            if year == nil { errors.append(FieldError("year", "Выберите учебный год")) }
            if !curator.isActive { errors.append(FieldError("schoolId", "Учётная запись куратора отключена")) }
            let order = Municipalities.order(number: orderNumber, date: orderDate, errors: &errors)
            if let school, let year, errors.isEmpty {
                let exists = try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?)",
                                               arguments: [curatorId, school.id, year.start]) ?? false
                if exists {
                    errors.append(FieldError("schoolId", "Куратор уже закреплён за школой «\(school.shortName)» в \(year.title) учебном году"))
                }
            }
            guard errors.isEmpty, let school, let year, let schoolId = school.id else { throw DomainError.invalid(errors) }
            return try Self.insert(db, scope, curatorId: curatorId, schoolId: schoolId, year: year,
                                   orderNumber: order.number.isEmpty ? nil : order.number, orderDate: order.date, at: database.now)
        }
    }

    /// Writes a checked assignment and its audit entry, in the caller's transaction.
    static func insert(_ db: Database, _ scope: Scope, curatorId: Int64, schoolId: Int64, year: SchoolYear,
                       orderNumber number: String?, orderDate: String?, at now: Date) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, orderNumber, orderDate, createdBy, createdAt)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [curatorId, schoolId, year.start, number, orderDate, scope.userId, now])
        let id = db.lastInsertedRowID
        try AuditLog.record(db, scope, action: "create", entity: "curatorAssignment", id: id, before: Snapshot?.none,
                            after: Snapshot(curatorId: curatorId, schoolId: schoolId, schoolYear: year.start,
                                            orderNumber: number, orderDate: orderDate), at: now)
        return id
    }

    /// One assignment of the curator, for the confirmation page.
    public func assignment(_ scope: Scope, curatorId: Int64, schoolId: Int64, year: SchoolYear) throws -> (curator: User, school: School) {
        try database.read { db in
            let curator = try Curators.curator(db, id: curatorId)
            try Policy.requireManageCurator(scope, curatorMunicipalityId: curator.municipalityId)
            guard let school = try School.fetchOne(db, cachedKey: schoolId),
                  try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?)",
                                    arguments: [curatorId, schoolId, year.start]) == true
            else { throw DomainError.notFound }
            return (curator, school)
        }
    }

    /// Removes the assignment; one already removed is a conflict, not a silent success.
    public func remove(_ scope: Scope, curatorId: Int64, schoolId: Int64, year: SchoolYear) throws {
        try database.write { db in
            let curator = try Curators.curator(db, id: curatorId)
            try Policy.requireManageCurator(scope, curatorMunicipalityId: curator.municipalityId)
            guard let row = try Row.fetchOne(db, cachedSQL: "SELECT id, orderNumber, orderDate FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?",
                                             arguments: [curatorId, schoolId, year.start]) else {
                throw DomainError.conflict("Закрепление уже снято.")
            }
            let id: Int64 = row["id"]
            try db.execute(sql: "DELETE FROM curatorAssignment WHERE id = ?", arguments: [id])
            try AuditLog.record(db, scope, action: "delete", entity: "curatorAssignment", id: id,
                                before: Snapshot(curatorId: curatorId, schoolId: schoolId, schoolYear: year.start,
                                                 orderNumber: row["orderNumber"], orderDate: row["orderDate"]),
                                after: Snapshot?.none, at: database.now)
        }
    }
}

/// A curator as a school's page or a municipality's assignment table lists them.
public struct AssignedCurator: Sendable, Equatable {
    public var curatorId: Int64
    public var fullName: String
    public var position: String
    /// The order behind the assignment (nil for assignments made without one).
    public var orderNumber: String? = nil
    /// yyyy-MM-dd
    public var orderDate: String? = nil
}

/// A school with the curators assigned to it in one year.
public struct SchoolAssignments: Sendable, Equatable {
    public var school: SchoolOption
    public var curators: [AssignedCurator]
}

extension Assignments {
    /// The curators of a school by school year, newest first (for the school's page): whoever may read the school.
    public func curators(_ scope: Scope, school schoolId: Int64) throws -> [(year: SchoolYear, curators: [AssignedCurator])] {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT a.schoolYear, a.orderNumber, a.orderDate, user.id, user.fullName, COALESCE(p.position, '') AS position FROM curatorAssignment a
                JOIN user ON user.id = a.curatorId LEFT JOIN curatorProfile p ON p.userId = user.id
                WHERE a.schoolId = ? ORDER BY a.schoolYear DESC, user.fullName
                """, arguments: [schoolId])
            var byYear: [(year: SchoolYear, curators: [AssignedCurator])] = []
            for row in rows {
                let year = SchoolYear(row["schoolYear"])
                let curator = AssignedCurator(curatorId: row["id"], fullName: row["fullName"], position: row["position"],
                                              orderNumber: row["orderNumber"], orderDate: row["orderDate"])
                if byYear.last?.year == year { byYear[byYear.count - 1].curators.append(curator) } else { byYear.append((year, [curator])) }
            }
            return byYear
        }
    }

    /// Every school of a municipality with its curators in a year: the coordinator's overview.
    public func municipalityTable(_ scope: Scope, municipalityId: Int64, year: SchoolYear) throws -> [SchoolAssignments] {
        try Policy.requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
        return try database.read { db in
            guard try Municipality.fetchOne(db, cachedKey: municipalityId) != nil else { throw DomainError.notFound }
            let schools = try Curators.schoolOptions(db, municipalityId: municipalityId)
            var curators: [Int64: [AssignedCurator]] = [:]
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT a.schoolId, a.orderNumber, a.orderDate, user.id, user.fullName, COALESCE(p.position, '') AS position FROM curatorAssignment a
                JOIN user ON user.id = a.curatorId JOIN school ON school.id = a.schoolId
                LEFT JOIN curatorProfile p ON p.userId = user.id
                WHERE school.municipalityId = ? AND a.schoolYear = ? ORDER BY user.fullName
                """, arguments: [municipalityId, year.start])
            for row in rows {
                curators[row["schoolId"], default: []].append(AssignedCurator(curatorId: row["id"], fullName: row["fullName"], position: row["position"],
                                                                              orderNumber: row["orderNumber"], orderDate: row["orderDate"]))
            }
            return schools.map { SchoolAssignments(school: $0, curators: curators[$0.id] ?? []) }
        }
    }

    /// Active curators of a municipality, for the assignment form of the overview.
    public func curatorOptions(_ scope: Scope, municipalityId: Int64) throws -> [AssignedCurator] {
        try Policy.requireManageMunicipality(scope, municipalityId)
        return try database.read { db in
            try Row.fetchAll(db, cachedSQL: """
                SELECT user.id, user.fullName, COALESCE(p.position, '') AS position FROM user LEFT JOIN curatorProfile p ON p.userId = user.id
                WHERE user.role = 'curator' AND user.isActive AND user.municipalityId = ? ORDER BY user.fullName
                """, arguments: [municipalityId]).map { AssignedCurator(curatorId: $0["id"], fullName: $0["fullName"], position: $0["position"]) }
        }
    }
}
