import Foundation
import GRDB

/// A demo account as printed for the person trying Opora.
public struct DemoLogin: Sendable {
    public var login: String
    public var role: Role
    public var description: String
}

/// Loads a `DemoRegion` into an empty database in one transaction, continued to the running school year of `today`
/// (`DemoContinuation`); every timestamp is derived from the data's own days, none from the moment of loading.
public struct DemoLoader: Sendable {
    public static let password = "opora-demo"
    public let database: AppDatabase
    public let hasher: PasswordHasher

    public init(database: AppDatabase, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database; self.hasher = hasher
    }

    /// `workingCycle: false` leaves out roadmaps, reports and comments (a smaller fixture for tests of those areas).
    /// `today`: the day the demo is built as of (default: the database clock).
    public func load(_ region: DemoRegion, workingCycle: Bool = true, today: Date? = nil) throws -> [DemoLogin] {
        // One hash shared by every demo account: thousands of 600,000-round hashes would take minutes.
        let passwordHash = hasher.hash(Self.password)
        let scope = Scope.console
        let accounts = Accounts(database: database, hasher: hasher)
        let day = DemoDay(today ?? database.now)
        // The region's own years stay as they are; the lists of the years after them come from the identification.
        let historyEnd = region.lastYear
        let region = region.continued(through: day.runningYear)
        let firstYear = region.municipalities.flatMap(\.schools).flatMap(\.statuses).map(\.year).min() ?? day.runningYear
        let founded = day.at("\(firstYear)-08-20")
        let now = founded
        return try database.write { db in
            guard try Municipality.fetchCount(db) == 0 else {
                throw DomainError.conflict("В базе уже есть данные: демо загружается только в пустую базу")
            }
            var logins: [DemoLogin] = []
            var allSchoolIds: [String: Int64] = [:]
            func account(_ login: String, _ name: String, _ role: Role, municipality: Int64? = nil, school: Int64? = nil) throws -> User {
                var new = NewAccount(login: login, fullName: name, role: role, municipalityId: municipality, schoolId: school, password: Self.password)
                new.email = login + "@opora.example"
                return try accounts.create(db, scope, new, passwordHash: passwordHash)
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
                                        kind: s.kind, address: s.address,
                                        directorName: s.directorName, phone: s.phone, email: s.email,
                                        createdAt: now, updatedAt: now)
                    try school.insert(db)
                    schoolIds[s.key] = school.id!
                    allSchoolIds[s.key] = school.id!
                    for change in s.statuses where !(change.flag == .lowResults && change.year > historyEnd) {
                        try SchoolStatuses.apply(db, scope, StatusChange(
                            schoolId: school.id!, year: SchoolYear(change.year), flag: change.flag, isSet: change.isSet,
                            isExit: change.isExit, cohortYear: change.cohortYear, reason: change.reason),
                            at: day.at("\(change.year)-08-2\(change.flag == .lowResults ? 5 : 8)"))
                    }
                }
                let prefix = index == 0 ? "ku" : m.key
                for (n, c) in m.coordinators.enumerated() {
                    let login = n == 0 ? "mun-\(prefix)" : "mun-\(prefix)-\(n + 1)"
                    let user = try account(login, c.fullName, .municipal, municipality: municipalityId)
                    try db.execute(sql: """
                        INSERT INTO coordinatorAppointment (userId, municipalityId, position, orderNumber, orderDate, createdAt)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [user.id, municipalityId, c.position, c.orderNumber, c.orderDate,
                                         day.at(c.orderDate ?? "\(firstYear)-08-20")])
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
                            """, arguments: [user.id, schoolId, a.year, a.orderNumber, a.orderDate, day.at(a.orderDate ?? "\(a.year)-09-01")])
                    }
                    if n == 0 && index == 0 {
                        logins.append(DemoLogin(login: login, role: .curator, description: "\(c.fullName), \(m.shortName)"))
                    }
                }
                for p in m.partnerships {
                    guard let lowId = schoolIds[p.lowResultsSchoolKey] else { continue }
                    try db.execute(sql: "INSERT OR IGNORE INTO partnership (schoolYear, lowResultsSchoolId, forms, createdAt) VALUES (?, ?, ?, ?)",
                                   arguments: [p.year, lowId, p.forms, day.at("\(p.year)-09-05")])
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
            // Results consistent with the lowResults statuses (see `DemoResults`); the lists after the region's years
            // confirmed from them by the identification, by each municipality's first coordinator.
            try DemoResults.insert(db, scope, region: region, schoolIds: allSchoolIds, at: day)
            if historyEnd < day.runningYear {
                let coordinators = try User.fetchAll(db, sql: """
                    SELECT user.* FROM user JOIN coordinatorAppointment a ON a.userId = user.id
                    WHERE a.userId = (SELECT MIN(b.userId) FROM coordinatorAppointment b WHERE b.municipalityId = a.municipalityId)
                    ORDER BY a.municipalityId
                    """)
                for year in (historyEnd + 1)...day.runningYear {
                    for coordinator in coordinators {
                        let scope = Scope(coordinator)
                        let report = try IdentificationService.identify(db, scope, year: SchoolYear(year), municipalityId: coordinator.municipalityId,
                                                                        settings: IdentificationSettings.current(db))
                        try IdentificationService.confirm(db, scope, year: SchoolYear(year), schoolIds: report.identified.map(\.schoolId),
                                                          exits: report.leaving.map(\.schoolId), at: day.at("\(year)-08-25", "11:30"))
                    }
                }
            }
            try DemoPractices.insert(db, scope, region: region, schoolIds: allSchoolIds, at: DemoDay.utc("2023-06-15"))
            try DemoPupilsAtRisk.insert(db, scope, region: region, schoolIds: allSchoolIds, at: DemoDay.utc("2023-10-05"))
            try DemoWorkspace.insert(db, scope, region: region, schoolIds: allSchoolIds, day: day, historyEnd: historyEnd)
            try DemoVisits.insert(db, scope, region: region, schoolIds: allSchoolIds, day: day)
            // The working cycle: risk profiles, roadmaps, report periods, reports, comments (see `DemoCycle`).
            if workingCycle {
                try DemoCycle.insert(db, scope, region: region, schoolIds: allSchoolIds, day: day)
                try DemoDocuments.insert(db, scope, schoolIds: allSchoolIds, at: DemoDay.utc("2022-11-15"))
                try DemoDocuments.insertCorrectedPlans(db, scope, schoolIds: allSchoolIds, at: DemoDay.utc("2023-10-12"))
                try DemoNotifications.insert(db, day: day)
            } else if let key = region.municipalities.first?.schools.first?.key, let schoolId = allSchoolIds[key] {
                try DemoRiskProfiles.insert(db, schoolId: schoolId, at: day.at("\(day.runningYear)-09-15"))
            }
            // Accounts are made by `Accounts` at the clock's moment: they date from the start of the history too.
            try db.execute(sql: "UPDATE user SET createdAt = ?, updatedAt = ?", arguments: [founded, founded])
            try db.execute(sql: "UPDATE auditEntry SET at = ? WHERE entity = 'user' AND action = 'create'", arguments: [founded])
            // The audit viewer lists by id: number the entries in the order of their moments.
            try db.execute(sql: """
                CREATE TEMP TABLE demoAuditOrder (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
                INSERT INTO demoAuditOrder SELECT id, ROW_NUMBER() OVER (ORDER BY at, id) FROM auditEntry;
                UPDATE auditEntry SET id = -id;
                UPDATE auditEntry SET id = (SELECT new FROM demoAuditOrder WHERE old = -auditEntry.id);
                DROP TABLE demoAuditOrder;
                """)
            return logins
        }
    }
}
