import Foundation
import GRDB

/// Curator ↔ school for a school year (many to many), kept by an admin or the municipality's coordinator.
public struct Assignments: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    struct Snapshot: Codable { var curatorId: Int64; var schoolId: Int64; var schoolYear: Int }

    /// Assigns the curator to the school for the year. Both must be in one municipality; duplicates are refused.
    @discardableResult
    public func assign(_ scope: Scope, curatorId: Int64, schoolId: Int64?, year: SchoolYear?) throws -> Int64 {
        try database.write { db in
            let curator = try Curators.curator(db, id: curatorId)
            try Policy.requireManageCurator(scope, curatorMunicipalityId: curator.municipalityId)
            var errors: [FieldError] = []
            var school: School? = nil
            if let schoolId {
                school = try School.fetchOne(db, key: schoolId)
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
            if let school, let year, errors.isEmpty {
                let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?)",
                                               arguments: [curatorId, school.id, year.start]) ?? false
                if exists {
                    errors.append(FieldError("schoolId", "Куратор уже закреплён за школой «\(school.shortName)» в \(year.title) учебном году"))
                }
            }
            guard errors.isEmpty, let school, let year, let schoolId = school.id else { throw DomainError.invalid(errors) }
            let now = database.now
            try db.execute(sql: "INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [curatorId, schoolId, year.start, scope.userId, now])
            let id = db.lastInsertedRowID
            try AuditLog.record(db, scope, action: "create", entity: "curatorAssignment", id: id, before: Snapshot?.none,
                                after: Snapshot(curatorId: curatorId, schoolId: schoolId, schoolYear: year.start), at: now)
            return id
        }
    }

    /// One assignment of the curator, for the confirmation page.
    public func assignment(_ scope: Scope, curatorId: Int64, schoolId: Int64, year: SchoolYear) throws -> (curator: User, school: School) {
        try database.read { db in
            let curator = try Curators.curator(db, id: curatorId)
            try Policy.requireManageCurator(scope, curatorMunicipalityId: curator.municipalityId)
            guard let school = try School.fetchOne(db, key: schoolId),
                  try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?)",
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
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?",
                                              arguments: [curatorId, schoolId, year.start]) else {
                throw DomainError.conflict("Закрепление уже снято.")
            }
            try db.execute(sql: "DELETE FROM curatorAssignment WHERE id = ?", arguments: [id])
            try AuditLog.record(db, scope, action: "delete", entity: "curatorAssignment", id: id,
                                before: Snapshot(curatorId: curatorId, schoolId: schoolId, schoolYear: year.start),
                                after: Snapshot?.none, at: database.now)
        }
    }
}
