@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing

/// The roadmap cycle over HTTP: a director writes, the curator returns and approves, the director revises.
@Suite(.serialized) struct RoadmapFlowTests {
    func year(_ app: TestApp, school: Int64) throws -> Int {
        try app.count("""
            SELECT MAX(schoolYear) FROM curatorAssignment WHERE schoolId = \(school)
            AND curatorId = (SELECT id FROM user WHERE login = 'curator-ku')
            """)
    }

    func measureForm(_ csrf: String, title: String, due: String, responsible: String = "Заместитель директора по УВР") -> [(String, String)] {
        [("_csrf", csrf), ("title", title), ("description", ""), ("due", due), ("responsible", responsible),
         ("expectedResult", "Повышение качества"), ("indicator", "Доля обучающихся с низкими результатами"), ("indicatorUnit", "%"),
         ("baseline", "35"), ("target", "25"), ("riskFactor", "6")]
    }

    @Test func directorCuratorFullCycleWithRevisionDiff() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let year = try year(app, school: school)
        let page = "/schools/\(school)/roadmap/\(year)"
        let director = try app.signedIn("director-ku")

        // The school page links to the roadmap of the running year.
        let card = try director.get("/schools/\(school)")
        #expect(card.text.contains("id=\"roadmap\"") && card.text.contains("/roadmap/"))

        var response = try director.get(page)
        #expect(response.status == 200)
        #expect(response.text.contains("ещё не составлена"))
        response = try director.post(page + "/create", form: [("_csrf", response.csrf ?? "")])
        #expect(response.status == 303)
        response = try director.get(page)
        #expect(response.text.contains("Организационное обеспечение поддержки школ"))
        #expect(response.text.contains("черновик"))
        let roadmap = try app.count("SELECT id FROM roadmap WHERE schoolId = \(school) AND schoolYear = \(year)")

        // A due term the app cannot read is a field error.
        let form = try director.get("/roadmaps/\(roadmap)/measures/new")
        #expect(form.status == 200 && form.text.contains("Факторы риска"))
        let csrf = form.csrf ?? ""
        response = try director.post("/roadmaps/\(roadmap)/measures/new", form: measureForm(csrf, title: "Анализ результатов ВПР", due: "когда получится"))
        #expect(response.status == 422)
        #expect(response.text.contains("Сроки не распознаны") && response.text.contains("href=\"#due\""))
        #expect(try app.count("SELECT COUNT(*) FROM measure WHERE roadmapId = \(roadmap)") == 0)

        response = try director.post("/roadmaps/\(roadmap)/measures/new", form: measureForm(csrf, title: "Анализ результатов ВПР", due: "01.10.\(year)"))
        #expect(response.status == 303)
        response = try director.post("/roadmaps/\(roadmap)/measures/new", form: measureForm(csrf, title: "Педагогический совет", due: "в течение года"))
        #expect(response.status == 303)
        response = try director.get(page)
        #expect(response.text.contains("Анализ результатов ВПР") && response.text.contains("35 → 25"))
        #expect(response.text.contains("roadmap-measure--overdue"), "a past date is highlighted")
        #expect(response.text.contains("Высокая доля обучающихся с рисками учебной неуспешности"))

        // Submit; the director cannot approve.
        response = try director.post("/roadmaps/\(roadmap)/submit", form: [("_csrf", csrf)])
        #expect(response.status == 303)
        #expect(try director.get(page).text.contains("на согласовании"))
        #expect(try director.post("/roadmaps/\(roadmap)/approve", form: [("_csrf", csrf)]).status == 403)

        // Another curator of the municipality cannot return it.
        let other = try app.signedIn("curator-ku-3")
        let otherToken = try other.get("/").csrf ?? ""
        #expect(try other.post("/roadmaps/\(roadmap)/return", form: [("_csrf", otherToken), ("reason", "нет")]).status == 403)

        // The curator returns it with a comment (required).
        let curator = try app.signedIn("curator-ku")
        let curatorPage = try curator.get(page)
        #expect(curatorPage.text.contains("Вернуть на доработку") && curatorPage.text.contains("Утвердить"))
        let returnForm = try curator.get("/roadmaps/\(roadmap)/return")
        #expect(returnForm.status == 200)
        response = try curator.post("/roadmaps/\(roadmap)/return", form: [("_csrf", returnForm.csrf ?? ""), ("reason", " ")])
        #expect(response.status == 422)
        response = try curator.post("/roadmaps/\(roadmap)/return", form: [("_csrf", returnForm.csrf ?? ""), ("reason", "Добавьте показатели по кадрам")])
        #expect(response.status == 303)
        response = try director.get(page)
        #expect(response.text.contains("на доработке") && response.text.contains("Добавьте показатели по кадрам"))

        // The director fixes and resubmits; the curator approves.
        let measure = try app.count("SELECT id FROM measure WHERE roadmapId = \(roadmap) AND title = 'Педагогический совет'")
        response = try director.post("/roadmaps/\(roadmap)/measures/\(measure)/edit",
                                     form: measureForm(csrf, title: "Педагогический совет", due: "в течение года", responsible: "Директор"))
        #expect(response.status == 303)
        #expect(try director.post("/roadmaps/\(roadmap)/submit", form: [("_csrf", csrf)]).status == 303)
        #expect(try curator.post("/roadmaps/\(roadmap)/approve", form: [("_csrf", curatorPage.csrf ?? "")]).status == 303)
        response = try director.get(page)
        #expect(response.text.contains("утверждена"))
        #expect(!response.text.contains("/measures/\(measure)/edit"), "no edits of an approved revision")
        #expect(try director.post("/roadmaps/\(roadmap)/measures/\(measure)/edit",
                                  form: measureForm(csrf, title: "Изменено", due: "март")).status == 409)

        // A new revision: the change shows in «Что изменилось».
        #expect(try director.post("/roadmaps/\(roadmap)/revision", form: [("_csrf", csrf)]).status == 303)
        response = try director.post("/roadmaps/\(roadmap)/measures/\(measure)/edit",
                                     form: measureForm(csrf, title: "Педагогический совет", due: "март", responsible: "Директор"))
        #expect(response.status == 303)
        response = try director.get(page)
        #expect(response.text.contains("редакция 2"))
        let changes = String(response.text[response.text.range(of: "id=\"changes\"")!.lowerBound...])
        #expect(changes.contains("id=\"changes-changed\""))
        #expect(changes.contains("<td>Сроки</td><td>в течение года</td><td>март</td>"))
        #expect(response.text.contains("Начата новая редакция") && response.text.contains("Возвращена на доработку"))
        #expect(response.text.contains("id=\"measure-\(measure)\""), "the comment hook: rows have ids")
    }

    @Test func exportHasSeed002Columns() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let year = try year(app, school: school)
        let director = try app.signedIn("director-ku")
        let page = "/schools/\(school)/roadmap/\(year)"
        let csrf = try director.get(page).csrf ?? ""
        #expect(try director.post(page + "/create", form: [("_csrf", csrf)]).status == 303)
        #expect(try director.get(page + "/export.xlsx").status == 200)
        let roadmap = try app.count("SELECT id FROM roadmap WHERE schoolId = \(school) AND schoolYear = \(year)")
        #expect(try director.post("/roadmaps/\(roadmap)/measures/new", form: measureForm(csrf, title: "Курсы повышения квалификации", due: "ноябрь")).status == 303)
        let xlsx = try director.get(page + "/export.xlsx")
        #expect(xlsx.status == 200)
        #expect(xlsx.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let rows = try XLSXReader(data: Data(xlsx.body)).rows().map { $0.cells.map { $0?.string ?? "" } }
        let (name, shortName) = try app.database.read { db in
            try Row.fetchOne(db, sql: "SELECT name, shortName FROM school WHERE id = ?", arguments: [school]).map { ($0["name"] as String, $0["shortName"] as String) }!
        }
        #expect(rows.first?.first == "Дорожная карта: \(name), \(year)/\(year + 1) учебный год", "the file names its school and year")
        #expect(rows.dropFirst().first == ["№ п/п", "Наименование мероприятия (краткое содержание)", "Сроки исполнения", "Ответственный исполнитель",
                                           "Ожидаемый результат", "Показатель", "Базовое значение", "Целевое значение", "Факторы риска",
                                           "Участники образовательных отношений"])
        #expect(rows.count == 2 + 5 + 1)
        #expect(rows[2].first == "Организационное обеспечение поддержки школ с низкими образовательными результатами обучения")
        let factor = try app.database.read { db in try String.fetchOne(db, sql: "SELECT title FROM riskFactor WHERE id = 6") } ?? "?"
        #expect(Array(rows[3].prefix(9)) == ["1", "Курсы повышения квалификации", "ноябрь", "Заместитель директора по УВР", "Повышение качества",
                            "Доля обучающихся с низкими результатами, %", "35", "25", factor])
        let disposition = try #require(xlsx.header("Content-Disposition"))
        let encoded = try #require(disposition.components(separatedBy: "filename*=UTF-8''").last)
        #expect(encoded.removingPercentEncoding == "Дорожная карта \(shortName) \(year)-\(year + 1).xlsx", "the file is named after its school and year")
        // Another school's director cannot download it.
        #expect(try app.signedIn("director-ku-02").get(page + "/export.xlsx").status == 403)
    }

    /// Issue 13, item 10: the year links lead only to years with a roadmap (the walk back once ended at …/roadmap/1999, a 404).
    @Test func yearLinksLeadOnlyToYearsWithARoadmap() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let admin = try app.signedIn("admin")
        // Roadmaps of 2020, 2021 and 2023 (a gap: 2021 links on to 2023).
        try app.database.write { db in
            for year in [2020, 2021, 2023] {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO roadmap (municipalityId, schoolId, schoolYear, createdAt, updatedAt)
                    SELECT municipalityId, id, ?, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000' FROM school WHERE id = ?
                    """, arguments: [year, school])
            }
        }
        let years = try app.database.read {
            try Int.fetchAll($0, sql: "SELECT schoolYear FROM roadmap WHERE schoolId = ? ORDER BY schoolYear", arguments: [school])
        }
        try #require(years.count >= 3)
        func yearLinks(_ year: Int) throws -> [String] {
            try admin.get("/schools/\(school)/roadmap/\(year)").text.matches(of: /roadmap-years.*?<\/p>/).flatMap { m in
                String(m.output).matches(of: /href="([^"]+)"/).map { String($0.output.1) }
            }
        }
        for (index, year) in years.enumerated() {
            let links = try yearLinks(year)
            var expected: [String] = []
            if index > 0 { expected.append("/schools/\(school)/roadmap/\(years[index - 1])") }
            if index + 1 < years.count { expected.append("/schools/\(school)/roadmap/\(years[index + 1])") }
            #expect(links == expected, "the page of \(year)")
            for link in links { #expect(try admin.get(link).status == 200) }
        }
        // A year without a roadmap (before the first) links forward only.
        #expect(try yearLinks(years[0] - 1) == ["/schools/\(school)/roadmap/\(years[0])"])
        #expect(try yearLinks(2000) == ["/schools/\(school)/roadmap/\(years[0])"] || years[0] == 2000)
    }

    @Test func municipalPlanPage() throws {
        let app = try TestApp(workingCycle: false)
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let coordinator = try app.signedIn("mun-ku")
        let page = "/municipalities/\(municipality)/plan/2023"
        var response = try coordinator.get(page)
        #expect(response.status == 200 && response.text.contains("План на этот учебный год ещё не составлен."))
        let csrf = response.csrf ?? ""
        #expect(try coordinator.post(page + "/create", form: [("_csrf", csrf)]).status == 303)
        let plan = try app.count("SELECT id FROM roadmap WHERE schoolId IS NULL AND municipalityId = \(municipality) AND schoolYear = 2023")
        response = try coordinator.get("/roadmaps/\(plan)/measures/new")
        #expect(response.text.contains("Ответственный исполнитель (муниципальная служба)"))
        #expect(try coordinator.post("/roadmaps/\(plan)/measures/new",
                                     form: measureForm(csrf, title: "Совещание руководителей ОО", due: "сентябрь", responsible: "Управление образования")).status == 303)
        #expect(try coordinator.post("/roadmaps/\(plan)/approve", form: [("_csrf", csrf)]).status == 303)
        response = try app.signedIn("region").get(page)
        #expect(response.text.contains("утверждён") && response.text.contains("Управление образования"))
        #expect(!response.text.contains("Внести изменения"), "the region reads only")
        #expect(try app.signedIn("director-ku").get(page).status == 403)
    }

    @Test func coordinatorCopiesAMeasureToSchoolsAndSeesWhichWereSkipped() throws {
        let app = try TestApp(workingCycle: false)
        let schoolX = try app.schoolId(ofDirector: "director-ku"), schoolY = try app.schoolId(ofDirector: "director-ku-02")
        let year = try year(app, school: schoolX)
        let director = try app.signedIn("director-ku")
        let page = "/schools/\(schoolX)/roadmap/\(year)"
        let csrf = try director.get(page).csrf ?? ""
        #expect(try director.post(page + "/create", form: [("_csrf", csrf)]).status == 303)
        let roadmap = try app.count("SELECT id FROM roadmap WHERE schoolId = \(schoolX) AND schoolYear = \(year)")
        #expect(try director.post("/roadmaps/\(roadmap)/measures/new", form: measureForm(csrf, title: "Семинар по ВПР", due: "декабрь")).status == 303)
        #expect(try director.post("/roadmaps/\(roadmap)/submit", form: [("_csrf", csrf)]).status == 303)
        let measure = try app.count("SELECT id FROM measure WHERE roadmapId = \(roadmap)")
        // The director does not see «Копировать в школы»; the regional coordinator sees no actions.
        #expect(!(try director.get(page).text.contains("Копировать в школы")))
        let regional = try app.signedIn("region").get(page)
        #expect(regional.status == 200 && !regional.text.contains("/submit") && !regional.text.contains("/approve") && !regional.text.contains("/edit"))

        let coordinator = try app.signedIn("mun-ku")
        let form = try coordinator.get("/roadmaps/\(roadmap)/measures/\(measure)/copy")
        #expect(form.status == 200 && form.text.contains("id=\"school-\(schoolY)\""))
        let empty = try coordinator.post("/roadmaps/\(roadmap)/measures/\(measure)/copy", form: [("_csrf", form.csrf ?? "")])
        #expect(empty.status == 422 && empty.text.contains("Выберите хотя бы одну школу"))
        // A second copy into X's own (submitted) roadmap is skipped; Y gets a new draft.
        let done = try coordinator.post("/roadmaps/\(roadmap)/measures/\(measure)/copy",
                                        form: [("_csrf", form.csrf ?? ""), ("school", "\(schoolY)")])
        #expect(done.status == 200 && done.text.contains("id=\"copied\""))
        let y = try app.signedIn("director-ku-02").get("/schools/\(schoolY)/roadmap/\(year)")
        #expect(y.text.contains("Семинар по ВПР") && y.text.contains("черновик"))
        let yRoadmap = try app.count("SELECT id FROM roadmap WHERE schoolId = \(schoolY) AND schoolYear = \(year)")
        let yMeasure = try app.count("SELECT id FROM measure WHERE roadmapId = \(yRoadmap)")
        let skipped = try coordinator.post("/roadmaps/\(yRoadmap)/measures/\(yMeasure)/copy",
                                           form: [("_csrf", form.csrf ?? ""), ("school", "\(schoolX)")])
        #expect(skipped.status == 200 && skipped.text.contains("id=\"skipped\"") && skipped.text.contains("на согласовании"))
        #expect(try app.count("SELECT COUNT(*) FROM measure WHERE roadmapId = \(roadmap)") == 1)
    }
}
