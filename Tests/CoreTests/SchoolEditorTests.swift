import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct SchoolEditorTests {
    func scope(_ database: AppDatabase, _ login: String) throws -> Scope {
        Scope(try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
    }

    func draft(_ municipalityId: Int64?, name: String = "Средняя общеобразовательная школа № 77", shortName: String = "СОШ № 77") -> SchoolDraft {
        var draft = SchoolDraft()
        draft.municipalityId = municipalityId
        draft.name = name; draft.shortName = shortName; draft.kind = .sosh
        return draft
    }

    func fields(_ body: () throws -> Void) -> [String] {
        do { try body(); return [] } catch DomainError.invalid(let errors) { return errors.map(\.field) } catch { return ["other: \(error)"] }
    }

    func audit(_ database: AppDatabase, _ entity: String, _ id: Int64) throws -> [AuditEntry] {
        try database.read { try AuditLog.entries($0, entity: entity, id: id) }
    }

    @Test func createValidatesEveryFieldAtOnce() throws {
        let database = try makeDemoDatabase()
        let editor = SchoolEditor(database: database)
        let municipal = try scope(database, "mun-ku")
        var bad = SchoolDraft()
        bad.municipalityId = municipal.municipalityId
        bad.name = "  "; bad.shortName = ""; bad.email = "нет-почты"; bad.phone = "звоните мне"
        bad.code = try database.read { try String.fetchOne($0, sql: "SELECT code FROM school WHERE code IS NOT NULL LIMIT 1")! }
        let before = try database.read { try School.fetchCount($0) }
        #expect(Set(fields { try editor.create(municipal, bad) }) == ["name", "shortName", "kind", "email", "phone", "code"])
        #expect(try database.read { try School.fetchCount($0) } == before)

        var long = draft(municipal.municipalityId)
        long.name = String(repeating: "я", count: 301)
        #expect(fields { try editor.create(municipal, long) } == ["name"])

        var good = draft(municipal.municipalityId)
        good.email = " sch77@example.ru "; good.phone = "+7 (3439) 12-34-56"; good.code = "KU-077"
        let id = try editor.create(municipal, good)
        let school = try #require(try database.read { try School.fetchOne($0, key: id) })
        #expect(school.email == "sch77@example.ru")
        #expect(school.municipalityId == municipal.municipalityId)
        let entries = try audit(database, "school", id)
        #expect(entries.map(\.action) == ["create"])
        #expect(entries[0].actorId == municipal.userId)
        #expect(entries[0].after?.contains("СОШ № 77") == true)
        // The same code again is refused.
        var twin = draft(municipal.municipalityId, shortName: "СОШ № 78")
        twin.code = "KU-077"
        #expect(fields { try editor.create(municipal, twin) } == ["code"])
    }

    @Test func editRecordsBeforeAndAfter() throws {
        let database = try makeDemoDatabase()
        let editor = SchoolEditor(database: database)
        let admin = try scope(database, "admin")
        let schoolX = try scope(database, "director-ku").schoolId!
        var changed = SchoolDraft(try editor.editable(admin, id: schoolX))
        let oldName = changed.shortName
        changed.shortName = "Новое краткое название"
        try editor.update(admin, id: schoolX, changed)
        #expect(try database.read { try School.fetchOne($0, key: schoolX)!.shortName } == "Новое краткое название")
        let entry = try #require(try audit(database, "school", schoolX).last)
        #expect(entry.action == "update")
        #expect(entry.before?.contains(oldName) == true)
        #expect(entry.after?.contains("Новое краткое название") == true)
        // An unchanged form records nothing.
        let count = try audit(database, "school", schoolX).count
        try editor.update(admin, id: schoolX, changed)
        #expect(try audit(database, "school", schoolX).count == count)
        changed.email = "a@b"
        #expect(fields { try editor.update(admin, id: schoolX, changed) } == ["email"])
    }

    @Test func archiveHidesAndRestoreReturns() throws {
        let database = try makeDemoDatabase()
        let editor = SchoolEditor(database: database)
        let directory = SchoolDirectory(database: database)
        let municipal = try scope(database, "mun-ku")
        let schoolX = try scope(database, "director-ku").schoolId!
        try editor.archive(municipal, id: schoolX)
        #expect(!(try directory.list(municipal).items.map(\.id)).contains(schoolX))
        var withArchived = SchoolListFilter()
        withArchived.includeArchived = true
        #expect(try directory.list(municipal, filter: withArchived).items.first { $0.id == schoolX }?.isArchived == true)
        #expect(throws: DomainError.conflict("Школа уже в архиве.")) { try editor.archive(municipal, id: schoolX) }
        try editor.restore(municipal, id: schoolX)
        #expect(try directory.list(municipal).items.map(\.id).contains(schoolX))
        #expect(try audit(database, "school", schoolX).map(\.action).suffix(2) == ["archive", "restore"])
        #expect(try database.read { try School.fetchOne($0, key: schoolX) } != nil)
    }

    @Test func statusSetClearResetGivesTheTimeline() throws {
        let database = try makeDemoDatabase()
        let editor = SchoolEditor(database: database)
        let directory = SchoolDirectory(database: database)
        let municipal = try scope(database, "mun-ku")
        let schoolY = try scope(database, "director-ku-02").schoolId!
        let before = try directory.timeline(municipal, school: schoolY).count
        try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2030/2031", flag: "lowResults", action: "set", reason: "Приказ № 10"))
        try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2030", flag: "lowResults", action: "clear", reason: "Ошибка ввода"))
        try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2030", flag: "lowResults", action: "set", reason: "Приказ № 11"))
        try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2030", flag: "lowResults", action: "exit", reason: "Приказ № 12: вышла из перечня"))
        let timeline = try directory.timeline(municipal, school: schoolY)
        #expect(timeline.count == before + 4)
        let newest = timeline.prefix(4)
        #expect(newest.map(\.kind) == [.exit, .set, .clear, .set])
        #expect(newest.map(\.reason) == ["Приказ № 12: вышла из перечня", "Приказ № 11", "Ошибка ввода", "Приказ № 10"])
        #expect(newest.allSatisfy { $0.changedByName == municipal.fullName && $0.year == SchoolYear(2030) && $0.flag == .lowResults })
        #expect(try directory.card(municipal, id: schoolY).flagsByYear.first { $0.year == SchoolYear(2030) } == nil)
        let ids = newest.map(\.id).reversed()
        let actions = try ids.map { try audit(database, "schoolStatus", $0).map(\.action) }
        #expect(actions == [["set"], ["clear"], ["set"], ["exit"]])

        try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2030", flag: "programmeParticipant", action: "set", cohortYear: "2030", reason: "Приказ № 13"))
        #expect(try directory.card(municipal, id: schoolY).flagsByYear.first { $0.year == SchoolYear(2030) }?.flags == [.programmeParticipant])
    }

    @Test func exitIsRecordedInTheYearAfterTheListOnly() throws {
        let database = try makeDemoDatabase()
        let editor = SchoolEditor(database: database)
        let municipal = try scope(database, "mun-ku")
        let schoolY = try scope(database, "director-ku-02").schoolId!
        try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2040", flag: "lowResults", action: "set", reason: "Приказ № 20"))
        #expect(fields { try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2042", flag: "lowResults", action: "exit", reason: "Поздно")) } == ["flag"])
        try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2041", flag: "lowResults", action: "exit", reason: "Вышла из перечня по итогам 2040/2041"))
        let newest = try SchoolDirectory(database: database).timeline(municipal, school: schoolY).first
        #expect(newest?.kind == .exit)
        #expect(newest?.year == SchoolYear(2041))
    }

    @Test func statusFormErrors() throws {
        let database = try makeDemoDatabase()
        let editor = SchoolEditor(database: database)
        let municipal = try scope(database, "mun-ku")
        let schoolY = try scope(database, "director-ku-02").schoolId!
        try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2031", flag: "partner", action: "set", reason: "Приказ"))
        #expect(fields { try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2031", flag: "partner", action: "set", reason: "Ещё раз")) } == ["flag"])
        #expect(fields { try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2031", flag: "lowResults", action: "clear", reason: "Нечего")) } == ["flag"])
        #expect(fields { try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "1999", flag: "partner", action: "set", reason: "x")) } == ["year"])
        #expect(fields { try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2031", flag: "lowResults", action: "set", cohortYear: "2031", reason: "x")) } == ["cohortYear"])
        #expect(fields { try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2031", flag: "programmeParticipant", action: "set", reason: "x")) } == ["cohortYear"])
        #expect(fields { try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2031", flag: "partner", action: "exit", reason: "x")) }.contains("action"))
        #expect(fields { try editor.changeStatus(municipal, school: schoolY, StatusChangeInput(year: "2031", flag: "partner", action: "clear", reason: "  ")) } == ["reason"])
    }

    @Test func outsideTheScopeNothingChanges() throws {
        let database = try makeDemoDatabase()
        let editor = SchoolEditor(database: database)
        let schoolX = try scope(database, "director-ku").schoolId!
        let municipalA = try scope(database, "mun-ku")
        let fingerprint = { try database.read { db in
            "\(try School.fetchAll(db).map(\.updatedAt))\(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditEntry")!)\(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schoolStatusChange")!)"
        } }
        let before = try fingerprint()
        for login in ["mun-kirovsky", "curator-ku", "director-ku", "region"] {
            let other = try scope(database, login)
            var changed = SchoolDraft(try editor.editable(municipalA, id: schoolX))
            changed.name = "Захват"
            #expect(throws: DomainError.forbidden) { try editor.update(other, id: schoolX, changed) }
            #expect(throws: DomainError.forbidden) { try editor.archive(other, id: schoolX) }
            #expect(throws: DomainError.forbidden) { try editor.editable(other, id: schoolX) }
            #expect(throws: DomainError.forbidden) {
                try editor.changeStatus(other, school: schoolX, StatusChangeInput(year: "2030", flag: "partner", action: "set", reason: "x"))
            }
            #expect(throws: DomainError.forbidden) { try editor.create(other, draft(municipalA.municipalityId)) }
        }
        #expect(try fingerprint() == before)
        #expect(!SchoolDirectory.permissions(try scope(database, "curator-ku"), try editor.editable(municipalA, id: schoolX)).canEdit)
        #expect(SchoolDirectory.permissions(municipalA, try editor.editable(municipalA, id: schoolX)).canEdit)
    }

    @Test func namesSortNaturally() throws {
        let database = try makeDemoDatabase()
        let editor = SchoolEditor(database: database)
        let directory = SchoolDirectory(database: database)
        let admin = try scope(database, "admin")
        let municipality = try database.write { db -> Int64 in
            var m = Municipality(name: "Тестовый округ", shortName: "Тестовый", createdAt: Date(), updatedAt: Date())
            try m.insert(db)
            return m.id!
        }
        for number in [11, 2, 1] { try editor.create(admin, draft(municipality, name: "Средняя школа № \(number)", shortName: "СШ № \(number)")) }
        var lyceum = draft(municipality, name: "Лицей", shortName: "Лицей № 3")
        lyceum.kind = .lyceum
        try editor.create(admin, lyceum)
        var filter = SchoolListFilter()
        filter.municipalityId = municipality
        filter.sort = .name
        #expect(try directory.list(admin, filter: filter).items.map(\.shortName) == ["Лицей № 3", "СШ № 1", "СШ № 2", "СШ № 11"])
        filter.sort = .kind
        #expect(try directory.list(admin, filter: filter).items.map(\.shortName) == ["СШ № 1", "СШ № 2", "СШ № 11", "Лицей № 3"])
    }
}

@Suite struct NaturalSortKeyTests {
    @Test func ordersNumbersByValueAndLettersWithoutCase() {
        let names = ["СШ № 11", "сш № 2", "Лицей № 9", "СШ № 2а", "Гимназия", "ООШ № 27", "ёлочка", "Ель"]
        let sorted = names.sorted { NaturalSortKey($0) < NaturalSortKey($1) }
        #expect(sorted == ["Гимназия", "ёлочка", "Ель", "Лицей № 9", "ООШ № 27", "сш № 2", "СШ № 2а", "СШ № 11"])
        #expect(NaturalSortKey("МБОУ «СОШ № 5»") == NaturalSortKey("мбоу сош 5"))
    }
}
