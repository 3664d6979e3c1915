@testable import Core
import CoreTestSupport
import Foundation
import GRDB
import Spreadsheet
import Testing

/// The half-year report cycle over HTTP, as its users do it.
@Suite struct ReportFlowTests {
    /// A school year of its own, so demo data of other years cannot interfere.
    let year = 2030

    @Test func halfYearReportCycle() throws {
        let app = try TestApp(workingCycle: false)
        let schoolX = try app.schoolId(ofDirector: "director-ku")
        let municipalityA = try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")! }
        try app.database.write { db in
            try db.execute(sql: """
                INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
                VALUES ((SELECT id FROM user WHERE login = 'curator-ku'), ?, ?, NULL, ?)
                """, arguments: [schoolX, year, Date()])
        }
        try ReportFixtures.roadmap(app.database, schoolId: schoolX, year: year, measures: [
            .init("Педагогический совет «Анализ результатов ВПР»", dueTo: "\(year)-10-30"),
            .init("Наставничество молодых педагогов", dueTo: nil),
        ])

        // The coordinator creates I полугодие with the default due date and opens it.
        let coordinator = try app.signedIn("mun-ku")
        let periodsPage = try coordinator.get("/municipalities/\(municipalityA)/report-periods")
        #expect(periodsPage.status == 200)
        let created = try coordinator.post("/municipalities/\(municipalityA)/report-periods",
                                           form: [("_csrf", periodsPage.csrf ?? ""), ("year", "\(year)"), ("half", "1"), ("dueDate", "")])
        #expect(created.status == 303)
        let periodId = try app.database.read {
            try Int64.fetchOne($0, sql: "SELECT id FROM reportPeriod WHERE municipalityId = ? AND schoolYear = ? AND half = 1",
                               arguments: [municipalityA, year])
        }
        let period = try #require(periodId)
        let listed = try coordinator.get("/municipalities/\(municipalityA)/report-periods")
        #expect(listed.text.contains("I полугодие \(year)/\(year + 1)") && listed.text.contains("15.01.\(year + 1)"))
        let badDue = try coordinator.post("/report-periods/\(period)/due-date", form: [("_csrf", listed.csrf ?? ""), ("dueDate", "01.01.\(year)")])
        #expect(badDue.status == 422 && badDue.text.contains("Срок сдачи не может быть раньше начала полугодия"))
        #expect(try coordinator.post("/report-periods/\(period)/due-date", form: [("_csrf", listed.csrf ?? ""), ("dueDate", "18.01.\(year + 1)")]).status == 303)
        #expect(try coordinator.get("/municipalities/\(municipalityA)/report-periods").text.contains("18.01.\(year + 1)"))
        #expect(try coordinator.post("/report-periods/\(period)/open", form: [("_csrf", listed.csrf ?? "")]).status == 303)
        #expect(try coordinator.get("/municipalities/\(municipalityA)/report-periods").text.contains("открыт"))

        // The director starts the report from the school's reports page, fills it and submits it.
        let director = try app.signedIn("director-ku")
        let schoolPage = try director.get("/schools/\(schoolX)/reports?year=\(year)")
        #expect(schoolPage.text.contains("Начать отчёт за I полугодие"))
        let started = try director.post("/schools/\(schoolX)/reports", form: [("_csrf", schoolPage.csrf ?? ""), ("period", "\(period)")])
        #expect(started.status == 303)
        let reportId = try #require(try app.database.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM report") })
        #expect(started.header("Location")?.hasPrefix("/reports/\(reportId)/edit") == true)
        let items = try app.database.read {
            try Int64.fetchAll($0, sql: "SELECT id FROM reportItem WHERE reportId = ? ORDER BY id", arguments: [reportId])
        }
        #expect(items.count == 2)
        let form = try director.get("/reports/\(reportId)/edit")
        #expect(form.status == 200 && form.text.contains("Педагогический совет «Анализ результатов ВПР»"))
        func fill(_ secondStatus: String, evidence: String) -> [(String, String)] {
            [("_csrf", form.csrf ?? ""),
             ("status-\(items[0])", "done"), ("reason-\(items[0])", ""), ("done-\(items[0])", "Педсовет проведён 28.10"),
             ("evidence-\(items[0])", evidence), ("value-\(items[0])", "1 педсовет"),
             ("status-\(items[1])", secondStatus), ("reason-\(items[1])", ""), ("done-\(items[1])", "Закреплены 3 наставника"),
             ("evidence-\(items[1])", ""), ("value-\(items[1])", ""),
             ("summary", "План полугодия выполнен частично"), ("selfAssessment", "Удовлетворительно")]
        }
        let invalid = try director.post("/reports/\(reportId)/edit", form: fill("inProgress", evidence: "javascript:alert(1)"))
        #expect(invalid.status == 422)
        #expect(invalid.text.contains("Укажите ссылку, начинающуюся с http:// или https://, без пробелов и кавычек"))
        // Issue 13, item 11: quotes and spaces are refused like in every other link field, the report unchanged.
        for bad in ["http://x.example/\"onmouseover=alert(1)", "https://ok.example/\">x", "http://ok.example/a b"] {
            let refused = try director.post("/reports/\(reportId)/edit", form: fill("inProgress", evidence: bad))
            #expect(refused.status == 422, "\(bad) accepted")
            #expect(try app.count("SELECT count(*) FROM reportItem WHERE reportId = \(reportId) AND evidenceUrl <> ''") == 0)
        }
        #expect(try director.post("/reports/\(reportId)/edit", form: fill("inProgress", evidence: "https://school.example.ru/pedsovet")).status == 303)
        var page = try director.get("/reports/\(reportId)")
        #expect(page.text.contains("id=\"item-\(items[0])\""))
        #expect(page.text.contains("1 из 2 (50 %)"))
        #expect(!page.text.contains("Принять отчёт"))
        #expect(try director.post("/reports/\(reportId)/submit", form: [("_csrf", page.csrf ?? "")]).status == 303)
        page = try director.get("/reports/\(reportId)")
        #expect(page.text.contains("<dd id=\"report-status\">сдан</dd>"))
        // A director cannot accept their own report.
        #expect(try director.post("/reports/\(reportId)/accept", form: [("_csrf", page.csrf ?? "")]).status == 403)

        // The curator returns it; a comment is required.
        let curator = try app.signedIn("curator-ku")
        page = try curator.get("/reports/\(reportId)")
        #expect(page.text.contains("Принять отчёт") && page.text.contains("Вернуть на доработку"))
        let noComment = try curator.post("/reports/\(reportId)/return", form: [("_csrf", page.csrf ?? ""), ("comment", " ")])
        #expect(noComment.status == 422 && noComment.text.contains("Напишите, что нужно доработать"))
        #expect(try curator.post("/reports/\(reportId)/return",
                                 form: [("_csrf", page.csrf ?? ""), ("comment", "Опишите работу наставников подробнее")]).status == 303)
        page = try director.get("/reports/\(reportId)")
        #expect(page.text.contains("возвращён на доработку") && page.text.contains("Опишите работу наставников подробнее"))

        // The director fixes and resubmits; the curator accepts.
        let again = try director.get("/reports/\(reportId)/edit")
        #expect(try director.post("/reports/\(reportId)/edit", form: fill("done", evidence: "https://school.example.ru/pedsovet")
            .map { $0.0 == "_csrf" ? ($0.0, again.csrf ?? "") : $0 }).status == 303)
        #expect(try director.post("/reports/\(reportId)/submit", form: [("_csrf", again.csrf ?? "")]).status == 303)
        page = try curator.get("/reports/\(reportId)")
        #expect(try curator.post("/reports/\(reportId)/accept", form: [("_csrf", page.csrf ?? "")]).status == 303)
        page = try director.get("/reports/\(reportId)")
        #expect(page.text.contains("<dd id=\"report-status\">принят</dd>"))
        #expect(page.text.contains("2 из 2 (100 %)"))
        #expect(page.text.components(separatedBy: "<td>сдан</td>").count - 1 == 2)
        #expect(!page.text.contains("Заполнить отчёт"))
        // Nobody edits an accepted report in place.
        #expect(try director.get("/reports/\(reportId)/edit").status == 409)

        // The coordinator's overview: «принят» with the share; the count links to the filtered list.
        let overview = try coordinator.get("/municipalities/\(municipalityA)/reports?period=\(period)")
        #expect(overview.status == 200)
        #expect(overview.text.contains("tag--report-accepted\">принят</span>"))
        #expect(overview.text.contains("2 из 2 (100 %)"))
        #expect(overview.text.contains("href=\"/municipalities/\(municipalityA)/reports?period=\(period)&amp;status=accepted\">принят: <strong>1</strong>"))
        let filtered = try coordinator.get("/municipalities/\(municipalityA)/reports?period=\(period)&status=notSubmitted")
        #expect(!filtered.text.contains("2 из 2 (100 %)"))

        // XLSX in seed 002's columns plus the report's.
        let xlsx = try curator.get("/reports/\(reportId)/export.xlsx")
        #expect(xlsx.status == 200)
        let rows = try XLSXReader(data: Data(xlsx.body)).rows().map { $0.cells.map { $0?.string ?? "" } }
        #expect(rows.first == ["№", "Мероприятие", "Сроки", "Ответственный", "Ожидаемый результат", "Статус", "Что сделано",
                               "Подтверждение", "Значение показателя"])
        #expect(rows.count == 3)
        #expect(rows[1].count >= 9 && rows[1][1] == "Педагогический совет «Анализ результатов ВПР»" && rows[1][2] == "30.10.\(year)")
        #expect(rows[1].count >= 9 && rows[1][5] == "выполнено" && rows[1][7] == "https://school.example.ru/pedsovet" && rows[1][8] == "1 педсовет")
        #expect(rows[2].count >= 7 && rows[2][2] == "в течение года" && rows[2][6] == "Закреплены 3 наставника")
    }

    /// The form is one compact row per measure with the rest under «Подробнее»; «Сохранить черновик» always saves;
    /// the reason of a past-due measure is asked on «Сдать отчёт», next to its field; «Подтверждение» is a text, a link or a file.
    @Test func aDraftSavesWithoutReasonsAndSubmittingAsksForThem() throws {
        let app = try TestApp(workingCycle: false)
        let past = 2016
        let school = try app.schoolId(ofDirector: "director-ku")
        let municipality = try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")! }
        try ReportFixtures.roadmap(app.database, schoolId: school, year: past, measures: [
            .init("Педагогический совет «Анализ результатов ВПР»", dueTo: "\(past)-10-30"),
            .init("Заседание ШМО учителей математики", dueTo: "\(past)-11-15"),
        ])
        let period = try ReportFixtures.period(app.database, municipalityId: municipality, year: past, half: 1, isOpen: true)
        let report = try Reports(database: app.database).start(.console, schoolId: school, periodId: period)
        let items = try app.database.read { try Int64.fetchAll($0, sql: "SELECT id FROM reportItem WHERE reportId = ? ORDER BY id", arguments: [report]) }
        let director = try app.signedIn("director-ku")
        let form = try director.get("/reports/\(report)/edit")
        #expect(form.status == 200)
        #expect(form.text.contains("id=\"report-form-items\"") && form.text.contains("enctype=\"multipart/form-data\""))
        #expect(form.text.components(separatedBy: "<details").count - 1 == 2, "one «Подробнее» per measure")
        #expect(form.text.contains("value=\"save\">Сохранить черновик") && form.text.contains("value=\"submit\">Сдать отчёт"))
        let csrf = try #require(form.csrf)
        func fields(_ action: String, reason: String, done: String) -> [(String, String)] {
            [("action", action),
             ("status-\(items[0])", "notStarted"), ("reason-\(items[0])", reason), ("done-\(items[0])", done),
             ("note-\(items[0])", ""), ("evidence-\(items[0])", ""), ("value-\(items[0])", ""),
             ("status-\(items[1])", "done"), ("reason-\(items[1])", ""), ("done-\(items[1])", "Проведено 14.11"),
             ("note-\(items[1])", "протокол ШМО № 2"), ("evidence-\(items[1])", ""), ("value-\(items[1])", ""),
             ("summary", "Итоги"), ("selfAssessment", "")]
        }

        // «Сохранить черновик»: saved although the first measure is past due, not started and without a reason; the file too.
        let saved = try DocumentFlowTests.upload(director, "/reports/\(report)/edit", csrf: csrf, fields: fields("save", reason: "", done: ""),
                                                 fileName: "Протокол ШМО.pdf", content: DocumentFlowTests.pdf, fileField: "file-\(items[1])")
        #expect(saved.status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM reportItem WHERE id = \(items[1]) AND status = 'done' AND evidenceNote = 'протокол ШМО № 2'") == 1)
        #expect(try app.count("SELECT COUNT(*) FROM reportItemEvidence WHERE reportItemId = \(items[1])") == 1)
        #expect(try app.count("SELECT COUNT(*) FROM report WHERE id = \(report) AND status = 'draft' AND summary = 'Итоги'") == 1)

        // «Сдать отчёт» without the reason: the error next to the field and in the summary; nothing of this post is saved.
        let refused = try DocumentFlowTests.upload(director, "/reports/\(report)/edit", csrf: csrf,
                                                   fields: fields("submit", reason: "", done: "Перенесено"), fileName: "", content: [])
        #expect(refused.status == 422)
        #expect(refused.text.contains("href=\"#reason-\(items[0])\""))
        #expect(refused.text.contains("Срок мероприятия «Педагогический совет «Анализ результатов ВПР»» прошёл"))
        let label = try #require(refused.text.range(of: "<label for=\"reason-\(items[0])\">"))
        #expect(refused.text[..<label.lowerBound].suffix(120).contains("field--error"))
        #expect(refused.text[label.upperBound...].prefix(300).contains("<p class=\"field__error\">Срок мероприятия"))
        #expect(refused.text[..<label.lowerBound].suffix(2000).contains("<details open>"), "«Подробнее» opens on its error")
        #expect(try app.count("SELECT COUNT(*) FROM reportItem WHERE id = \(items[0]) AND whatWasDone = ''") == 1)
        #expect(try app.count("SELECT COUNT(*) FROM report WHERE id = \(report) AND status = 'draft'") == 1)
        // The page's own «Сдать отчёт на проверку» sends the director to the same fields.
        let fromPage = try director.post("/reports/\(report)/submit", form: [("_csrf", csrf)])
        #expect(fromPage.status == 422 && fromPage.text.contains("href=\"#reason-\(items[0])\"") && fromPage.text.contains("id=\"report-form\""))

        // With the reason it is saved and submitted at once; the report shows the text evidence and the file.
        let submitted = try DocumentFlowTests.upload(director, "/reports/\(report)/edit", csrf: csrf,
                                                     fields: fields("submit", reason: "Перенесено на январь: методист на курсах", done: ""),
                                                     fileName: "", content: [])
        #expect(submitted.status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM report WHERE id = \(report) AND status = 'submitted'") == 1)
        let page = try director.get("/reports/\(report)").text
        #expect(page.contains("протокол ШМО № 2") && page.contains("Протокол ШМО.pdf"))
        #expect(page.contains("Перенесено на январь: методист на курсах"))
    }

    @Test func startIsRefusedWithAClearMessage() throws {
        let app = try TestApp(workingCycle: false)
        let schoolX = try app.schoolId(ofDirector: "director-ku")
        let municipalityA = try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")! }
        try ReportFixtures.roadmap(app.database, schoolId: schoolX, year: year, status: "submitted", measures: [.init("Семинар", dueTo: nil)])
        let period = try ReportFixtures.period(app.database, municipalityId: municipalityA, year: year, half: 1, isOpen: true)
        let director = try app.signedIn("director-ku")
        let page = try director.get("/schools/\(schoolX)/reports?year=\(year)")
        #expect(!page.text.contains("Начать отчёт"))
        #expect(page.text.contains("Отчёт начинают по утверждённой дорожной карте."))
        let refused = try director.post("/schools/\(schoolX)/reports", form: [("_csrf", page.csrf ?? ""), ("period", "\(period)")])
        #expect(refused.status == 409)
        #expect(refused.text.contains("ещё не утверждена"))
    }
}
