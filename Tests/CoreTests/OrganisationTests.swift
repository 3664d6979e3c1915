import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct OrganisationCoreTests {
    func scope(_ database: AppDatabase, _ login: String) throws -> Scope {
        Scope(try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
    }
    func id(_ database: AppDatabase, _ sql: String) throws -> Int64 { try database.read { try Int64.fetchOne($0, sql: sql)! } }
    func fields(_ body: () throws -> Void) -> [String] {
        do { try body(); return [] } catch DomainError.invalid(let errors) { return errors.map(\.field) } catch { return ["\(error)"] }
    }

    @Test func assignmentRules() throws {
        let db = try makeDemoDatabase()
        let assignments = Assignments(database: db)
        let curator = try id(db, "SELECT id FROM user WHERE login = 'curator-ku-3'")
        let schoolX = try id(db, "SELECT schoolId FROM user WHERE login = 'director-ku'")
        let schoolOfB = try id(db, "SELECT MIN(id) FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky')")
        let munKU = try scope(db, "mun-ku")

        let created = try assignments.assign(munKU, curatorId: curator, schoolId: schoolX, year: SchoolYear(2023))
        #expect(created > 0)
        // The curator now reads the school (curator scope comes from assignments).
        let curatorScope = try scope(db, "curator-ku-3")
        #expect(try SchoolDirectory(database: db).list(curatorScope).items.contains { $0.id == schoolX })
        // Duplicates and schools of another municipality are refused with field errors.
        #expect(fields { try assignments.assign(munKU, curatorId: curator, schoolId: schoolX, year: SchoolYear(2023)) } == ["schoolId"])
        #expect(fields { try assignments.assign(Scope.console, curatorId: curator, schoolId: schoolOfB, year: SchoolYear(2023)) } == ["schoolId"])
        #expect(fields { try assignments.assign(munKU, curatorId: curator, schoolId: nil, year: nil) } == ["schoolId", "year"])
        // Scope refusals: another municipality's coordinator, the region's reader, the curator themself.
        for login in ["mun-kirovsky", "region", "curator-ku-3", "director-ku"] {
            #expect(throws: DomainError.forbidden) {
                try assignments.assign(try scope(db, login), curatorId: curator, schoolId: schoolX, year: SchoolYear(2022))
            }
            #expect(throws: DomainError.forbidden) {
                try assignments.remove(try scope(db, login), curatorId: curator, schoolId: schoolX, year: SchoolYear(2023))
            }
        }
        try assignments.remove(munKU, curatorId: curator, schoolId: schoolX, year: SchoolYear(2023))
        #expect(throws: DomainError.conflict("Закрепление уже снято.")) {
            try assignments.remove(munKU, curatorId: curator, schoolId: schoolX, year: SchoolYear(2023))
        }
        #expect(try !SchoolDirectory(database: db).list(curatorScope).items.contains { $0.id == schoolX })
        let audit = try db.read { try String.fetchAll($0, sql: "SELECT action FROM auditEntry WHERE entity = 'curatorAssignment' ORDER BY id") }
        #expect(audit == ["create", "delete"])
        // A school's curators by year: for those who may read the school.
        let curatorKU = try id(db, "SELECT id FROM user WHERE login = 'curator-ku'")
        let ofX = try assignments.curators(try scope(db, "director-ku"), school: schoolX)
        #expect(ofX.first?.curators.contains { $0.curatorId == curatorKU } == true)
        #expect(throws: DomainError.forbidden) { try assignments.curators(try scope(db, "director-ku-02"), school: schoolX) }
    }

    @Test func partnershipValidation() throws {
        let db = try makeDemoDatabase()
        let partnerships = Partnerships(database: db)
        let munB = try scope(db, "mun-kirovsky")
        let schools = try db.read {
            try Int64.fetchAll($0, sql: "SELECT id FROM school WHERE municipalityId = ? ORDER BY id LIMIT 3", arguments: [munB.municipalityId])
        }
        let schoolX = try id(db, "SELECT schoolId FROM user WHERE login = 'director-ku'")
        func input(_ low: Int64?, _ partners: [Int64], _ year: Int? = 2021) -> PartnershipInput {
            PartnershipInput(lowResultsSchoolId: low, partnerSchoolIds: partners, year: year.map(SchoolYear.init), forms: " наставничество ")
        }
        #expect(fields { try partnerships.create(munB, input(schools[0], [schools[0]])) } == ["partners"])
        #expect(fields { try partnerships.create(munB, input(schools[0], [])) } == ["partners"])
        #expect(fields { try partnerships.create(munB, input(schools[0], [schools[1], schoolX])) } == ["partners"])
        #expect(fields { try partnerships.create(munB, input(nil, [schools[1]], nil)) } == ["lowResultsSchoolId", "year"])
        let created = try partnerships.create(munB, input(schools[0], [schools[1], schools[2], schools[1]]))
        #expect(fields { try partnerships.create(munB, input(schools[0], [schools[2]])) } == ["lowResultsSchoolId"])
        // Another year is another group.
        _ = try partnerships.create(munB, input(schools[0], [schools[2]], 2023))
        let item = try partnerships.partnership(munB, id: created)
        #expect(item.partners.map(\.id).sorted() == [schools[1], schools[2]])
        #expect(item.forms == "наставничество")
        // Scope refusals.
        #expect(throws: DomainError.forbidden) { try partnerships.create(try scope(db, "mun-ku"), input(schools[1], [schools[2]])) }
        #expect(throws: DomainError.forbidden) { try partnerships.create(try scope(db, "region"), input(schools[1], [schools[2]])) }
        #expect(throws: DomainError.forbidden) { try partnerships.delete(try scope(db, "mun-ku"), id: created) }
        #expect(throws: DomainError.forbidden) { try partnerships.list(try scope(db, "curator-ku")) }
        // mun-ku's list holds none of B's groups, whatever filter it sends.
        #expect(try partnerships.list(try scope(db, "mun-ku"), municipalityId: munB.municipalityId, year: SchoolYear(2021)).items.isEmpty)
        try partnerships.update(munB, id: created, input(schools[0], [schools[2]]))
        #expect(try partnerships.partnership(munB, id: created).partners.map(\.id) == [schools[2]])
        try partnerships.delete(munB, id: created)
        #expect(throws: DomainError.conflict("Группа партнёров уже удалена.")) { try partnerships.delete(munB, id: created) }
        #expect(throws: DomainError.forbidden) { try partnerships.delete(try scope(db, "mun-ku"), id: created) }
        #expect(throws: DomainError.notFound) { try partnerships.delete(munB, id: 999_999) }
    }

    @Test func municipalitiesAndAppointments() throws {
        let db = try makeDemoDatabase()
        let municipalities = Municipalities(database: db)
        let admin = try scope(db, "admin"), region = try scope(db, "region")
        #expect(throws: DomainError.forbidden) { try municipalities.create(try scope(db, "mun-ku"), MunicipalityInput(name: "X", shortName: "X")) }
        let m = try municipalities.create(region, MunicipalityInput(name: " Новый округ ", shortName: "Новый"))
        #expect(m.name == "Новый округ")
        #expect(fields { _ = try municipalities.create(region, MunicipalityInput(name: "НОВЫЙ ОКРУГ", shortName: "")) } == ["shortName", "name"])
        try municipalities.setArchived(region, id: m.id!, true)
        #expect(try municipalities.list(admin, includeArchived: false).items.allSatisfy { $0.id != m.id })
        // Municipal coordinators see their own municipality only.
        let munKU = try scope(db, "mun-ku")
        #expect(try municipalities.list(munKU).items.map(\.id) == [munKU.municipalityId!])
        #expect(throws: DomainError.forbidden) { try municipalities.detail(munKU, id: m.id!) }

        let detail = try municipalities.detail(munKU, id: munKU.municipalityId!)
        let own = try #require(detail.coordinators.first { $0.userId == munKU.userId })
        #expect(own.orderNumber == "48" && own.orderDate == "2021-02-19")
        #expect(throws: DomainError.forbidden) {
            try municipalities.recordAppointment(region, municipalityId: munKU.municipalityId!,
                                                 AppointmentInput(userId: munKU.userId!, position: "п", orderNumber: "1", orderDate: "01.01.2022"))
        }
        #expect(fields {
            try municipalities.recordAppointment(admin, municipalityId: munKU.municipalityId!,
                                                 AppointmentInput(userId: munKU.userId!, position: "п", orderNumber: "12", orderDate: "31.02.2022"))
        } == ["orderDate"])
        try municipalities.recordAppointment(admin, municipalityId: munKU.municipalityId!,
                                             AppointmentInput(userId: munKU.userId!, position: "начальник отдела", orderNumber: "12", orderDate: "01.09.2022"))
        let after = try municipalities.detail(admin, id: munKU.municipalityId!).coordinators.first { $0.userId == munKU.userId }
        #expect(after?.orderNumber == "12" && after?.orderDate == "2022-09-01" && after?.position == "начальник отдела")
    }

    @Test func curatorsListAndProfile() throws {
        let db = try makeDemoDatabase()
        let curators = Curators(database: db)
        let munKU = try scope(db, "mun-ku")
        let list = try curators.list(munKU)
        #expect(!list.items.isEmpty && list.items.allSatisfy { $0.municipalityId == munKU.municipalityId })
        #expect(throws: DomainError.forbidden) { try curators.list(try scope(db, "curator-ku")) }
        let curator = try id(db, "SELECT id FROM user WHERE login = 'curator-ku'")
        #expect(throws: DomainError.forbidden) { try curators.detail(try scope(db, "mun-kirovsky"), id: curator) }
        #expect(throws: DomainError.forbidden) { try curators.detail(try scope(db, "curator-ku-3"), id: curator) }
        #expect(try curators.detail(try scope(db, "curator-ku"), id: curator).canManage == false)
        let schoolY = try id(db, "SELECT schoolId FROM user WHERE login = 'director-ku-02'")
        try curators.updateProfile(munKU, curatorId: curator, CuratorProfileInput(workplace: "", workplaceSchoolId: schoolY, position: "учитель"))
        let detail = try curators.detail(munKU, id: curator)
        #expect(detail.workplaceSchoolId == schoolY && detail.position == "учитель")
        #expect(throws: DomainError.forbidden) {
            try curators.updateProfile(try scope(db, "mun-kirovsky"), curatorId: curator, CuratorProfileInput(workplace: "x", workplaceSchoolId: nil, position: ""))
        }
    }
}
