@testable import Core
import Foundation
import GRDB
import Testing

@Suite(.serialized) struct SchoolEditingTests {
    func municipality(_ app: TestApp, of login: String) throws -> Int64 {
        try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = ?", arguments: [login])! }
    }

    @discardableResult
    func makeSchool(_ app: TestApp, in municipalityId: Int64, _ shortName: String, kind: SchoolKind = .sosh, name: String? = nil) throws -> Int64 {
        var draft = SchoolDraft()
        draft.municipalityId = municipalityId
        draft.name = name ?? "Тестовая школа \(shortName)"; draft.shortName = shortName; draft.kind = kind
        return try SchoolEditor(database: app.database).create(.console, draft)
    }

    func q(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    @Test func filtersAndSortingShowInTheList() throws {
        let app = try TestApp()
        let a = try municipality(app, of: "mun-ku")
        let eleven = try makeSchool(app, in: a, "Тест-СШ № 11")
        let two = try makeSchool(app, in: a, "Тест-СШ № 2")
        let lyceum = try makeSchool(app, in: a, "Тест-Лицей № 5", kind: .lyceum)
        let archived = try makeSchool(app, in: a, "Тест-СШ № 7")
        let editor = SchoolEditor(database: app.database)
        try editor.archive(.console, id: archived)
        try editor.changeStatus(.console, school: eleven, StatusChangeInput(year: "2030", flag: "partner", action: "set", reason: "Приказ"))

        let admin = try app.signedIn("admin")
        let byName = try admin.get("/schools?q=\(q("Тест-"))&municipality=\(a)&sort=name").text
        #expect(schoolLinks(byName) == [lyceum, two, eleven])
        #expect(byName.contains("<option value=\"name\" selected>"))
        #expect(byName.contains("id=\"municipality\""))
        let byKind = try admin.get("/schools?q=\(q("Тест-"))&sort=kind").text
        #expect(schoolLinks(byKind) == [two, eleven, lyceum])
        #expect(schoolLinks(try admin.get("/schools?q=\(q("Тест-"))&kind=lyceum").text) == [lyceum])
        let flagged = try admin.get("/schools?status=partner&year=2030").text
        #expect(schoolLinks(flagged) == [eleven])
        #expect(flagged.contains("<option value=\"2030\" selected>2030/2031</option>"))
        let withArchive = try admin.get("/schools?q=\(q("Тест-"))&sort=name&archived=1").text
        #expect(schoolLinks(withArchive) == [lyceum, two, archived, eleven])
        #expect(withArchive.contains("в архиве"))
        #expect(withArchive.contains("name=\"archived\" type=\"checkbox\" value=\"1\" checked"))

        // A single-municipality scope sees no municipality filter; the other municipality's schools never appear.
        let municipalB = try app.signedIn("mun-kirovsky")
        let listB = try municipalB.get("/schools?q=\(q("Тест-"))&municipality=\(a)").text
        #expect(!listB.contains("id=\"municipality\""))
        #expect(schoolLinks(listB).isEmpty)
    }

    @Test func csvDownloadFollowsTheFiltersAndGuardsFormulas() throws {
        let app = try TestApp()
        let a = try municipality(app, of: "mun-ku")
        try makeSchool(app, in: a, "=HYPERLINK(\"http://evil\")", name: "Школа; «с кавычками»")
        let client = try app.signedIn("mun-ku")
        let page = try client.get("/schools?q=\(q("HYPERLINK"))").text
        #expect(page.contains("href=\"/schools/export.csv?q=HYPERLINK\""))
        let response = try client.get("/schools/export.csv?q=HYPERLINK")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(response.header("Content-Disposition")?.contains("filename*=UTF-8''") == true)
        #expect(Array(response.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: response.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("Муниципалитет;Краткое название;Полное название;Вид;Код школы;Статусы"))
        #expect(lines[1].contains("\"'=HYPERLINK(\"\"http://evil\"\")\""))
        #expect(lines[1].contains("\"Школа; «с кавычками»\""))
        #expect(lines[1].hasPrefix("Каменск-Уральский"))

        // The whole list of the scope: exactly the municipality's schools.
        let all = try client.get("/schools/export.csv")
        let rows = String(decoding: all.body, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }.count - 1
        #expect(rows == (try app.count("SELECT COUNT(*) FROM school WHERE archivedAt IS NULL AND municipalityId = \(a)")))
    }

    @Test func createEditArchiveRestoreRoundTrip() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let form = try client.get("/schools/new")
        #expect(form.status == 200)
        let token = try #require(form.csrf)
        // Errors next to the fields, nothing created.
        let count = try app.count("SELECT COUNT(*) FROM school")
        let invalid = try client.post("/schools/new", form: [("_csrf", token), ("name", ""), ("shortName", "СОШ № 500"),
                                                             ("kind", "sosh"), ("email", "не почта")])
        #expect(invalid.status == 422)
        #expect(invalid.text.contains("<a href=\"#name\">Введите полное название школы</a>"))
        #expect(invalid.text.contains("<p class=\"field__error\">Введите адрес электронной почты в виде name@example.ru</p>"))
        #expect(invalid.text.contains("value=\"СОШ № 500\""))
        #expect(try app.count("SELECT COUNT(*) FROM school") == count)

        let created = try client.post("/schools/new", form: [("_csrf", token), ("name", "Средняя общеобразовательная школа № 500"),
                                                             ("shortName", "СОШ № 500"), ("kind", "sosh"), ("phone", "+7 (3439) 00-00-00")])
        #expect(created.status == 303)
        let location = try #require(created.header("Location"))
        #expect(location.hasSuffix("?notice=created"))
        let id = try #require(Int64(location.dropFirst("/schools/".count).prefix { $0.isNumber }))
        #expect(try app.count("SELECT municipalityId FROM school WHERE id = \(id)") == Int(try municipality(app, of: "mun-ku")))
        let card = try client.get(location).text
        #expect(card.contains("Средняя общеобразовательная школа № 500"))
        #expect(card.contains("Запись создана."))
        #expect(card.contains("href=\"/schools/\(id)/edit\""))

        let edited = try client.post("/schools/\(id)/edit", form: [("_csrf", token), ("name", "СОШ № 500 имени Пушкина"),
                                                                  ("shortName", "СОШ № 500"), ("kind", "gymnasium")])
        #expect(edited.status == 303)
        #expect(try client.get("/schools/\(id)").text.contains("СОШ № 500 имени Пушкина"))

        let confirm = try client.get("/schools/\(id)/archive")
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("Перенести «СОШ № 500» в архив?"))
        #expect(try app.count("SELECT COUNT(*) FROM school WHERE id = \(id) AND archivedAt IS NULL") == 1)
        #expect(try client.post("/schools/\(id)/archive", form: [("_csrf", token)]).status == 303)
        #expect(!schoolLinks(try client.get("/schools").text).contains(id))
        #expect(schoolLinks(try client.get("/schools?archived=1").text).contains(id))
        let archivedCard = try client.get("/schools/\(id)").text
        #expect(archivedCard.contains("href=\"/schools/\(id)/restore\""))
        #expect(try client.get("/schools/\(id)/restore").text.contains("Вернуть «СОШ № 500» из архива?"))
        #expect(try client.post("/schools/\(id)/restore", form: [("_csrf", token)]).status == 303)
        #expect(schoolLinks(try client.get("/schools").text).contains(id))
        let actions = try app.database.read { try String.fetchAll($0, sql: "SELECT action FROM auditEntry WHERE entity = 'school' AND entityId = ? ORDER BY id", arguments: [id]) }
        #expect(actions == ["create", "update", "archive", "restore"])
    }

    @Test func statusChangesShowAsATimeline() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let school = try app.schoolId(ofDirector: "director-ku-02")
        let token = try #require(try client.get("/schools/\(school)/status?year=2030&action=set").csrf)
        func post(_ action: String, _ flag: String, _ reason: String, cohort: String = "") throws -> TestClient.Response {
            try client.post("/schools/\(school)/status", form: [("_csrf", token), ("year", "2030/2031"), ("flag", flag),
                                                              ("action", action), ("cohortYear", cohort), ("reason", reason)])
        }
        #expect(try post("set", "lowResults", "Приказ № 5 от 01.09.2030").status == 303)
        let twice = try post("set", "lowResults", "Ещё раз")
        #expect(twice.status == 422)
        #expect(twice.text.contains("Статус «ШНОР» в 2030/2031 учебном году уже установлен"))
        let noReason = try post("exit", "lowResults", "  ")
        #expect(noReason.status == 422)
        #expect(noReason.text.contains("<a href=\"#reason\">"))
        #expect(try post("exit", "lowResults", "Приказ № 9: школа вышла из перечня").status == 303)
        #expect(try post("set", "programmeParticipant", "Приказ № 10", cohort: "2030").status == 303)

        let page = try client.get("/schools/\(school)").text
        let history = try #require(page.components(separatedBy: "id=\"status-history\"").last)
        let exit = try #require(history.range(of: "Приказ № 9: школа вышла из перечня"))
        let set = try #require(history.range(of: "Приказ № 5 от 01.09.2030"))
        let participant = try #require(history.range(of: "Приказ № 10"))
        #expect(participant.lowerBound < exit.lowerBound && exit.lowerBound < set.lowerBound, "newest first")
        #expect(history.contains("выход из ШНОР"))
        #expect(history.contains("набор 2030 года"))
        let fullName = try app.database.read { try String.fetchOne($0, sql: "SELECT fullName FROM user WHERE login = 'mun-ku'")! }
        #expect(history.contains(fullName))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Moscow")!
        let d = calendar.dateComponents([.day, .month, .year], from: app.database.now)
        #expect(history.contains(String(format: "%02d.%02d.%04d", d.day!, d.month!, d.year!)))
    }

    @Test func directorsAndCuratorsCannotEdit() throws {
        let app = try TestApp()
        let school = try app.schoolId(ofDirector: "director-ku")
        let before = try app.database.read { try Row.fetchOne($0, sql: "SELECT * FROM school WHERE id = ?", arguments: [school])! }
        let changes = try app.count("SELECT COUNT(*) FROM schoolStatusChange")
        for login in ["director-ku", "curator-ku"] {
            let client = try app.signedIn(login)
            let card = try client.get("/schools/\(school)")
            #expect(card.status == 200)
            // The curator's own visits keep their «Изменить» links (/visits/N/edit); the school's are gone.
            #expect(!card.text.contains("/schools/\(school)/edit\""))
            #expect(!card.text.contains("/archive\""))
            #expect(!card.text.contains("/status"))
            #expect(!card.text.contains("Добавить школу"))
            let token = try #require(card.csrf)
            #expect(try client.get("/schools/\(school)/edit").status == 403)
            #expect(try client.post("/schools/\(school)/edit", form: [("_csrf", token), ("name", "Захват"), ("shortName", "Захват"), ("kind", "sosh")]).status == 403)
            #expect(try client.post("/schools/\(school)/archive", form: [("_csrf", token)]).status == 403)
            #expect(try client.post("/schools/\(school)/status", form: [("_csrf", token), ("year", "2030"), ("flag", "partner"),
                                                                      ("action", "set"), ("reason", "x")]).status == 403)
            #expect(try client.get("/schools/new").status == 403)
        }
        #expect(try app.database.read { try Row.fetchOne($0, sql: "SELECT * FROM school WHERE id = ?", arguments: [school])! } == before)
        #expect(try app.count("SELECT COUNT(*) FROM schoolStatusChange") == changes)
        let manager = try app.signedIn("mun-ku").get("/schools/\(school)").text
        #expect(manager.contains("href=\"/schools/\(school)/edit\""))
        #expect(manager.contains("Установить или снять статус"))
    }
}
