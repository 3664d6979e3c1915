import Core
import Foundation
import GRDB
import Testing
@testable import Web

@Suite struct WorkspaceFlowTests {
    @Test func coordinatorRecordsAnEventThatShowsOnTheCalendarAndTheSchoolCard() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku-02")
        let coordinator = try app.signedIn("mun-ku")
        let list = try coordinator.get("/events?year=2022")
        #expect(list.status == 200)
        #expect(list.text.contains("Октябрь 2022") && list.text.contains("Декабрь 2022") && list.text.contains("Печа-куча"))
        #expect(!list.text.contains("Февраль 2022"))  // 2021/2022 filtered out
        let form = try coordinator.get("/events/new")
        #expect(form.status == 200)
        // Errors next to the fields, nothing stored.
        let before = try app.count("SELECT count(*) FROM municipalEvent")
        let invalid = try coordinator.post("/events", form: [("_csrf", form.csrf ?? ""), ("format", ""), ("title", ""), ("heldOn", "32.13.2023")])
        #expect(invalid.status == 422 && invalid.text.contains("Выберите форму мероприятия") && invalid.text.contains("Введите дату в виде дд.мм.гггг"))
        #expect(try app.count("SELECT count(*) FROM municipalEvent") == before)
        let created = try coordinator.post("/events", form: [
            ("_csrf", form.csrf ?? ""), ("format", "seminar"), ("title", "Семинар «Объективность оценивания»"), ("heldOn", "14.09.2023"),
            ("hostSchool", "\(school)"), ("participant", "\(school)"), ("goal", "Обмен опытом"),
        ])
        #expect(created.status == 303)
        let location = try #require(created.header("Location"))
        let page = try coordinator.get(location)
        #expect(page.text.contains("Семинар «Семинар «Объективность оценивания»»") || page.text.contains("Объективность оценивания"))
        #expect(page.text.contains("14.09.2023") && page.text.contains("2023/2024") && page.text.contains("Обмен опытом"))
        // A link material.
        let material = try coordinator.post(location.components(separatedBy: "?")[0] + "/materials",
                                            form: [("_csrf", page.csrf ?? ""), ("materialTitle", "Презентация"), ("url", "https://example.ru/p.pdf")])
        #expect(material.status == 303)
        #expect(try coordinator.get(location.components(separatedBy: "?")[0]).text.contains("https://example.ru/p.pdf"))
        // The director of the school sees it on the card; the other municipality does not see it.
        let card = try app.signedIn("director-ku-02").get("/schools/\(school)")
        #expect(card.status == 200 && card.text.contains("Объективность оценивания") && card.text.contains("на базе школы"))
        let kirovsky = try app.signedIn("mun-kirovsky").get("/events")
        #expect(!kirovsky.text.contains("Объективность оценивания") && kirovsky.text.contains("родительская") == false)
        #expect(kirovsky.text.contains("Пути повышения качества образования"))
        // Exports hold what the list shows.
        let csv = try coordinator.get("/events/export.csv?year=2023")
        #expect(csv.status == 200 && csv.text.contains("Семинар;Семинар «Объективность оценивания»") && !csv.text.contains("Печа-куча"))
        let xlsx = try coordinator.get("/events/export.xlsx?year=2023")
        #expect(xlsx.status == 200 && xlsx.body.starts(with: [0x50, 0x4B]))
    }

    @Test func decisionListFiltersOverdueAndNotifiesDirectors() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku-02")
        let coordinator = try app.signedIn("mun-ku")
        let overdue = try coordinator.get("/decisions?overdue=1")
        #expect(overdue.status == 200 && overdue.text.contains("«зоне риска»") && !overdue.text.contains("Скорректировать дорожные карты"))
        let form = try coordinator.get("/decisions/new")
        let created = try coordinator.post("/decisions", form: [
            ("_csrf", form.csrf ?? ""), ("municipality", "0"), ("year", "2023"), ("kind", "decision"), ("text", "Провести педсовет по итогам ВПР"),
            ("addressee", "school"), ("school", "\(school)"), ("responsible", "директор"), ("dueOn", "01.03.2024"), ("status", "open"),
        ])
        #expect(created.status == 303)
        let directorId = try app.count("SELECT id FROM user WHERE login = 'director-ku-02'")
        #expect(try app.count("SELECT count(*) FROM notification WHERE kind = 'decisionAddressed' AND userId = \(directorId)") == 1)
        let director = try app.signedIn("director-ku-02")
        let card = try director.get("/schools/\(school)")
        #expect(card.text.contains("Провести педсовет по итогам ВПР") && card.text.contains("просрочено"))
        // Another director of the municipality does not see a decision addressed to one school.
        #expect(!(try app.signedIn("director-ku").get("/decisions").text.contains("Провести педсовет")))
        // Done with a note: no longer overdue.
        let id = try app.count("SELECT MAX(id) FROM managementDecision")
        let edit = try coordinator.get("/decisions/\(id)/edit")
        #expect(edit.status == 200)
        let saved = try coordinator.post("/decisions/\(id)/edit", form: [
            ("_csrf", edit.csrf ?? ""), ("year", "2023"), ("kind", "decision"), ("text", "Провести педсовет по итогам ВПР"),
            ("addressee", "school"), ("school", "\(school)"), ("dueOn", "01.03.2024"), ("status", "done"), ("executionNote", "Педсовет проведён 28.02.2024"),
        ])
        #expect(saved.status == 303)
        #expect(!(try coordinator.get("/decisions?overdue=1").text.contains("Провести педсовет")))
        #expect(try app.count("SELECT count(*) FROM notification WHERE kind = 'decisionAddressed' AND userId = \(directorId)") == 1)
        let csv = try coordinator.get("/decisions/export.csv?status=done&year=2023")
        #expect(csv.text.contains("Педсовет проведён 28.02.2024") && !csv.text.contains("«зоне риска»"))
        // Directors cannot record decisions.
        #expect(try director.get("/decisions/new").status == 403)
    }

    @Test func staffFormSharesOnTheCardAndMunicipalTable() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let director = try app.signedIn("director-ku")
        let form = try director.get("/schools/\(school)/staff?year=2023")
        #expect(form.status == 200)
        let invalid = try director.post("/schools/\(school)/staff", form: [
            ("_csrf", form.csrf ?? ""), ("year", "2023"), ("managementTeam", "4"), ("managementTrained", "5"), ("teachers", "x"),
            ("teachersTrained", "1"), ("teachersWithDeficits", "1"),
        ])
        #expect(invalid.status == 422 && invalid.text.contains("Введите целое число не меньше 0"))
        let saved = try director.post("/schools/\(school)/staff", form: [
            ("_csrf", form.csrf ?? ""), ("year", "2023"), ("managementTeam", "4"), ("managementTrained", "3"), ("teachers", "60"),
            ("teachersTrained", "30"), ("teachersWithDeficits", "6"),
        ])
        #expect(saved.status == 303)
        let card = try director.get("/schools/\(school)")
        #expect(card.text.contains("3 из 4 (75 %)") && card.text.contains("5 из 5 (100 %)"))
        let table = try app.signedIn("mun-ku").get("/staff?year=2022")
        #expect(table.status == 200 && table.text.contains("Средняя школа № 17"))
        #expect(table.text.contains("<td class=\"table__number\">29</td><td class=\"table__number\">29</td><td class=\"table__number\">100 %</td>"))
        let xlsx = try app.signedIn("mun-ku").get("/staff/export.csv?year=2022")
        #expect(xlsx.text.contains("Итого;29;29;100 %;335"))
        #expect(try director.get("/staff").status == 403)
    }
}
