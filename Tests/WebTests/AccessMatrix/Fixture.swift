@testable import Core
import GRDB

/// Ids in the demo database that route parameters are filled from.
struct Fixture: Sendable {
    let schoolX: Int64
    let schoolY: Int64
    let municipalityA: Int64
    let municipalityB: Int64
    let schoolOfB: Int64
    let curatorAssigned: Int64
    let curatorOther: Int64
    let directorY: Int64
    /// A draft roadmap of school X and a plan of municipality A (see RoadmapEntries.swift).
    let roadmaps: RoadmapFixture
    /// The route's own database, for entries that need rows the demo does not hold (prepared before the route is tried).
    let database: AppDatabase
    /// An (empty) results import of municipality A by its coordinator, for the rollback routes.
    let importA: Int64

    init(_ app: TestApp) throws {
        database = app.database
        func id(_ sql: String) throws -> Int64 { try app.database.read { try Int64.fetchOne($0, sql: sql)! } }
        schoolX = try id("SELECT schoolId FROM user WHERE login = 'director-ku'")
        schoolY = try id("SELECT schoolId FROM user WHERE login = 'director-ku-02'")
        municipalityA = try id("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        municipalityB = try id("SELECT municipalityId FROM user WHERE login = 'mun-kirovsky'")
        schoolOfB = try id("SELECT MIN(id) FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky')")
        curatorAssigned = try id("SELECT id FROM user WHERE login = 'curator-ku'")
        curatorOther = try id("SELECT id FROM user WHERE login = 'curator-ku-3'")
        directorY = try id("SELECT id FROM user WHERE login = 'director-ku-02'")
        roadmaps = try RoadmapFixture(app)
        let coordinator = try id("SELECT id FROM user WHERE login = 'mun-ku'")
        let scope = Scope(userId: coordinator, login: "mun-ku", fullName: "Координатор", role: .municipal,
                          municipalityId: municipalityA, schoolId: nil)
        let now = app.database.now
        importA = try app.database.write { [municipalityA] db in
            let record = try ResultImports.begin(db, scope, fileName: "результаты.xlsx", sha256: String(repeating: "0", count: 64),
                                                 municipalityId: municipalityA, at: now)
            try ResultImports.finish(db, scope, record, at: now)
            return record.id!
        }
    }
}
