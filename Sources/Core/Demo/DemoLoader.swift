import Foundation
import GRDB

/// A demo account as printed for the person trying Opora.
public struct DemoLogin: Sendable {
    public var login: String
    public var role: Role
    public var description: String
}

/// Loads a `DemoRegion` into an empty database in one transaction.
public struct DemoLoader: Sendable {
    public static let password = "opora-demo"
    public let database: AppDatabase
    public let hasher: PasswordHasher

    public init(database: AppDatabase, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database; self.hasher = hasher
    }

    /// `workingCycle: false` leaves out roadmaps, reports and comments (a smaller fixture for tests of those areas).
    public func load(_ region: DemoRegion, workingCycle: Bool = true) throws -> [DemoLogin] {
        // One hash shared by every demo account: thousands of 600,000-round hashes would take minutes.
        let passwordHash = hasher.hash(Self.password)
        let scope = Scope.console
        let accounts = Accounts(database: database, hasher: hasher)
        let now = database.now
        return try database.write { db in
            guard try Municipality.fetchCount(db) == 0 else {
                throw DomainError.conflict("В базе уже есть данные: демо загружается только в пустую базу")
            }
            var logins: [DemoLogin] = []
            var allSchoolIds: [String: Int64] = [:]
            func account(_ login: String, _ name: String, _ role: Role, municipality: Int64? = nil, school: Int64? = nil) throws -> User {
                try accounts.create(db, scope, NewAccount(login: login, fullName: name, role: role, municipalityId: municipality,
                                                          schoolId: school, password: Self.password), passwordHash: passwordHash)
            }
            _ = try account("admin", "Администратор Опоры", .admin)
            logins.append(DemoLogin(login: "admin", role: .admin, description: "всё, учётные записи"))
            _ = try account("region", "Соколова Марина Викторовна", .regional)
            logins.append(DemoLogin(login: "region", role: .regional, description: "все муниципалитеты"))

            for (index, m) in region.municipalities.enumerated() {
                var municipality = Municipality(name: m.name, shortName: m.shortName, createdAt: now, updatedAt: now)
                try municipality.insert(db)
                let municipalityId = municipality.id!
                try AuditLog.record(db, scope, action: "create", entity: "municipality", id: municipalityId,
                                    before: String?.none, after: ["name": m.name], at: now)
                var schoolIds: [String: Int64] = [:]
                for s in m.schools {
                    var school = School(municipalityId: municipalityId, code: s.key, name: s.name, shortName: s.shortName,
                                        kind: SchoolKind(rawValue: s.kind.rawValue) ?? .other, address: s.address,
                                        directorName: s.directorName, phone: s.phone, email: s.email,
                                        createdAt: now, updatedAt: now)
                    try school.insert(db)
                    schoolIds[s.key] = school.id!
                    allSchoolIds[s.key] = school.id!
                    for change in s.statuses {
                        guard let flag = StatusFlag(rawValue: change.flag.rawValue) else { continue }
                        try SchoolStatuses.apply(db, scope, StatusChange(
                            schoolId: school.id!, year: SchoolYear(change.year), flag: flag, isSet: change.isSet,
                            isExit: change.isExit, cohortYear: change.cohortYear, reason: change.reason), at: now)
                    }
                }
                let prefix = index == 0 ? "ku" : m.key
                for (n, c) in m.coordinators.enumerated() {
                    let login = n == 0 ? "mun-\(prefix)" : "mun-\(prefix)-\(n + 1)"
                    let user = try account(login, c.fullName, .municipal, municipality: municipalityId)
                    try db.execute(sql: """
                        INSERT INTO coordinatorAppointment (userId, municipalityId, position, orderNumber, orderDate, createdAt)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [user.id, municipalityId, c.position, c.orderNumber, c.orderDate, now])
                    if n == 0 && index < 4 {
                        logins.append(DemoLogin(login: login, role: .municipal, description: m.name))
                    }
                }
                for (n, c) in m.curators.enumerated() {
                    let login = n == 0 ? "curator-\(prefix)" : "curator-\(prefix)-\(n + 1)"
                    let user = try account(login, c.fullName, .curator, municipality: municipalityId)
                    try db.execute(sql: "INSERT INTO curatorProfile (userId, workplace, position) VALUES (?, ?, ?)",
                                   arguments: [user.id, c.workplace, c.position])
                    for a in c.assignments {
                        guard let schoolId = schoolIds[a.schoolKey] else { continue }
                        try db.execute(sql: """
                            INSERT OR IGNORE INTO curatorAssignment (curatorId, schoolId, schoolYear, orderNumber, orderDate, createdBy, createdAt)
                            VALUES (?, ?, ?, ?, ?, NULL, ?)
                            """, arguments: [user.id, schoolId, a.year, a.orderNumber, a.orderDate, now])
                    }
                    if n == 0 && index == 0 {
                        logins.append(DemoLogin(login: login, role: .curator, description: "\(c.fullName), \(m.shortName)"))
                    }
                }
                for p in m.partnerships {
                    guard let lowId = schoolIds[p.lowResultsSchoolKey] else { continue }
                    try db.execute(sql: "INSERT OR IGNORE INTO partnership (schoolYear, lowResultsSchoolId, forms, createdAt) VALUES (?, ?, ?, ?)",
                                   arguments: [p.year, lowId, p.forms, now])
                    let partnershipId = db.lastInsertedRowID
                    for key in p.partnerSchoolKeys {
                        guard let partnerId = schoolIds[key] else { continue }
                        try db.execute(sql: "INSERT OR IGNORE INTO partnershipMember (partnershipId, partnerSchoolId) VALUES (?, ?)",
                                       arguments: [partnershipId, partnerId])
                    }
                }
                // A director account per school; the first school of the first municipality is the demo director's.
                for (n, s) in m.schools.enumerated() {
                    guard let schoolId = schoolIds[s.key] else { continue }
                    let login = (index == 0 && n == 0) ? "director-ku" : "director-\(s.key.lowercased())"
                    _ = try account(login, s.directorName, .director, municipality: municipalityId, school: schoolId)
                    if index == 0 && n == 0 {
                        logins.append(DemoLogin(login: login, role: .director, description: s.shortName))
                    }
                }
            }
            // Results consistent with the lowResults statuses (see `DemoResults`).
            try DemoResults.insert(db, scope, region: region, schoolIds: allSchoolIds, at: now)
            try DemoPractices.insert(db, scope, region: region, schoolIds: allSchoolIds, at: now)
            try DemoPupilsAtRisk.insert(db, scope, region: region, schoolIds: allSchoolIds, at: now)
            try DemoWorkspace.insert(db, scope, region: region, schoolIds: allSchoolIds, at: now)
            try DemoVisits.insert(db, scope, region: region, schoolIds: allSchoolIds, at: now)
            // The working cycle: risk profiles, roadmaps, report periods, reports, comments (see `DemoCycle`).
            if workingCycle {
                try DemoCycle.insert(db, scope, region: region, schoolIds: allSchoolIds, at: now)
                try DemoDocuments.insert(db, scope, schoolIds: allSchoolIds, at: now)
                try DemoDocuments.insertCorrectedPlans(db, scope, schoolIds: allSchoolIds, at: now)
            } else if let key = region.municipalities.first?.schools.first?.key, let schoolId = allSchoolIds[key] {
                try DemoRiskProfiles.insert(db, schoolId: schoolId, at: now)
            }
            return logins
        }
    }
}
