@testable import Core
import GRDB

/// Ids the organisation routes are filled from. The demo region loads deterministically, so one demo
/// database read once gives the ids of every other.
struct OrganisationIds: Sendable {
    let coordinatorA: Int64
    /// An assignment of `curator-ku` (school X) and its year.
    let assignedYear: Int
    /// A second school of municipality B.
    let otherSchoolOfB: Int64
    /// A partner group of municipality B, its low-results school, partners and year.
    let partnershipB: Int64
    let partnershipLow: Int64
    let partnershipPartners: [Int64]
    let partnershipYear: Int

    static let shared: OrganisationIds = {
        do {
            let app = try TestApp(workingCycle: false)
            return try app.database.read { db in
                func id(_ sql: String) throws -> Int64 { try Int64.fetchOne(db, sql: sql)! }
                let partnership = try id("""
                    SELECT MIN(p.id) FROM partnership p JOIN school ON school.id = p.lowResultsSchoolId
                    WHERE school.municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky')
                    """)
                return OrganisationIds(
                    coordinatorA: try id("SELECT id FROM user WHERE login = 'mun-ku'"),
                    assignedYear: Int(try id("""
                        SELECT MAX(schoolYear) FROM curatorAssignment WHERE curatorId = (SELECT id FROM user WHERE login = 'curator-ku')
                        AND schoolId = (SELECT schoolId FROM user WHERE login = 'director-ku')
                        """)),
                    otherSchoolOfB: try id("""
                        SELECT id FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky')
                        ORDER BY id LIMIT 1 OFFSET 1
                        """),
                    partnershipB: partnership,
                    partnershipLow: try id("SELECT lowResultsSchoolId FROM partnership WHERE id = \(partnership)"),
                    partnershipPartners: try Int64.fetchAll(db, sql: "SELECT partnerSchoolId FROM partnershipMember WHERE partnershipId = ?", arguments: [partnership]),
                    partnershipYear: Int(try id("SELECT schoolYear FROM partnership WHERE id = \(partnership)")))
            }
        } catch {
            fatalError("cannot read the organisation ids of the demo: \(error)")
        }
    }()
}

extension AccessMatrix {
    static let organisation: [RouteExpectation] = {
        let ids = OrganisationIds.shared
        let readersOfA: Set<Actor> = [.admin, .regional, .municipalA, .curatorAssigned, .curatorOther, .directorX, .directorY]
        let programmeReaders: Set<Actor> = [.admin, .regional, .municipalA, .municipalB]
        let managersOfB: Set<Actor> = [.admin, .municipalB]
        let partnershipForm: @Sendable (Fixture) -> [(String, String)] = { _ in
            [("lowResultsSchoolId", "\(ids.partnershipLow)"), ("year", "\(ids.partnershipYear)"),
             ("forms", "наставничество, педагогические пары")] + ids.partnershipPartners.map { ("partner", "\($0)") }
        }
        return [
            RouteExpectation("GET /municipalities", allowed: Actor.signedIn),
            RouteExpectation("GET /municipalities/new", allowed: Actor.region),
            RouteExpectation("POST /municipalities/new", allowed: Actor.region,
                             form: { _ in [("name", "Тестовый муниципальный округ"), ("shortName", "Тестовый")] }),
            RouteExpectation("GET /municipalities/{id}", allowed: readersOfA, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /municipalities/{id}/edit", allowed: Actor.region, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("POST /municipalities/{id}/edit", allowed: Actor.region, parameters: { ["id": "\($0.municipalityA)"] },
                             form: { _ in [("name", "Каменск-Уральский (переименован)"), ("shortName", "Каменск-Уральский")] }),
            RouteExpectation("GET /municipalities/{id}/archive", allowed: Actor.region, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("POST /municipalities/{id}/archive", allowed: Actor.region, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("POST /municipalities/{id}/restore", allowed: Actor.region, parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("GET /municipalities/{id}/coordinators/{user}", allowed: [.admin],
                             parameters: { ["id": "\($0.municipalityA)", "user": "\(ids.coordinatorA)"] }),
            RouteExpectation("POST /municipalities/{id}/coordinators/{user}", allowed: [.admin],
                             parameters: { ["id": "\($0.municipalityA)", "user": "\(ids.coordinatorA)"] },
                             form: { _ in [("position", "главный специалист"), ("orderNumber", "48"), ("orderDate", "19.02.2021")] }),

            RouteExpectation("GET /municipalities/{id}/assignments", allowed: [.admin, .regional, .municipalA],
                             parameters: { ["id": "\($0.municipalityA)"] }),
            RouteExpectation("POST /municipalities/{id}/assignments", allowed: Actor.managersOfA, parameters: { ["id": "\($0.municipalityA)"] },
                             form: { [("curatorId", "\($0.curatorOther)"), ("schoolId", "\($0.schoolY)"), ("year", "2023")] }),

            RouteExpectation("GET /curators", allowed: programmeReaders),
            RouteExpectation("GET /curators/{id}", allowed: [.admin, .regional, .municipalA, .curatorAssigned],
                             parameters: { ["id": "\($0.curatorAssigned)"] }),
            RouteExpectation("GET /curators/{id}/edit", allowed: Actor.managersOfA, parameters: { ["id": "\($0.curatorAssigned)"] }),
            RouteExpectation("POST /curators/{id}/edit", allowed: Actor.managersOfA, parameters: { ["id": "\($0.curatorAssigned)"] },
                             form: { _ in [("workplace", "МАОУ «СОШ № 1»"), ("workplaceSchoolId", ""), ("position", "заместитель директора")] }),
            RouteExpectation("POST /curators/{id}/assignments", allowed: Actor.managersOfA, parameters: { ["id": "\($0.curatorOther)"] },
                             form: { [("schoolId", "\($0.schoolY)"), ("year", "2023")] }),
            RouteExpectation("GET /curators/{id}/schools/{school}/{year}/remove", allowed: Actor.managersOfA,
                             parameters: { ["id": "\($0.curatorAssigned)", "school": "\($0.schoolX)", "year": "\(ids.assignedYear)"] }),
            RouteExpectation("POST /curators/{id}/schools/{school}/{year}/remove", allowed: Actor.managersOfA,
                             parameters: { ["id": "\($0.curatorAssigned)", "school": "\($0.schoolX)", "year": "\(ids.assignedYear)"] }),

            RouteExpectation("GET /partnerships", allowed: programmeReaders),
            RouteExpectation("GET /partnerships/new", allowed: [.admin, .municipalA, .municipalB]),
            RouteExpectation("POST /partnerships/new", allowed: managersOfB,
                             form: { [("municipality", "\($0.municipalityB)"), ("lowResultsSchoolId", "\($0.schoolOfB)"),
                                      ("partner", "\(ids.otherSchoolOfB)"), ("year", "2021"), ("forms", "наставничество")] }),
            RouteExpectation("GET /partnerships/{id}/edit", allowed: managersOfB, parameters: { _ in ["id": "\(ids.partnershipB)"] }),
            RouteExpectation("POST /partnerships/{id}/edit", allowed: managersOfB, parameters: { _ in ["id": "\(ids.partnershipB)"] },
                             form: partnershipForm),
            RouteExpectation("GET /partnerships/{id}/delete", allowed: managersOfB, parameters: { _ in ["id": "\(ids.partnershipB)"] }),
            RouteExpectation("POST /partnerships/{id}/delete", allowed: managersOfB, parameters: { _ in ["id": "\(ids.partnershipB)"] }),
        ]
    }()
}
