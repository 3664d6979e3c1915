@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing

/// Identification of low-results schools, signals, region settings and the catalogue over HTTP.
@Suite(.serialized) struct IdentificationTests {
    /// School ids linked from a fragment of a page.
    func schoolLinks(_ html: Substring) -> [String] {
        var ids: [String] = []
        var rest = html
        while let r = rest.range(of: "href=\"/schools/") {
            rest = rest[r.upperBound...]
            ids.append(String(rest.prefix { $0.isNumber }))
        }
        return ids
    }

    /// The part of the identification page listing the identified schools.
    func identifiedSection(_ html: String) -> Substring {
        guard let start = html.range(of: "<h2>Выявленные школы</h2>"),
              let end = html.range(of: "<h2>Выходят из перечня</h2>") else { return "" }
        return html[start.upperBound..<end.lowerBound]
    }

    func names(_ app: TestApp, _ ids: [Int64]) throws -> [String] {
        try app.database.read { db in
            try ids.map { try String.fetchOne(db, sql: "SELECT shortName FROM school WHERE id = ?", arguments: [$0])! }
        }
    }

    func stateDigest(_ app: TestApp) throws -> [Int] {
        [try app.count("SELECT COUNT(*) FROM schoolStatusChange"), try app.count("SELECT COUNT(*) FROM schoolStatus"),
         try app.count("SELECT COUNT(*) FROM auditEntry"), try app.count("SELECT lowShareBasisPoints FROM regionSettings"),
         try app.count("SELECT COUNT(*) FROM procedure WHERE isAnalysed = 1")]
    }

    /// The seeds' own lists: the demo as of a day of their last year (2023/2024 running).
    @Test func theListShowsTheSeedsSchoolsWithTheirReasons() throws {
        let app = try TestApp(today: "2024-03-01")
        let listed = try app.database.read {
            try Int64.fetchAll($0, sql: "SELECT schoolId FROM schoolStatus WHERE flag = 'lowResults' AND schoolYear = 2023 ORDER BY schoolId")
        }
        #expect(!listed.isEmpty)
        let page = try app.signedIn("region").get("/identification?year=2023")
        #expect(page.status == 200)
        #expect(page.text.contains("Выявление ШНОР на 2023/2024 учебный год"))
        #expect(page.text.contains("2022/2023 и 2021/2022"))
        let section = identifiedSection(page.text)
        #expect(Set(schoolLinks(section)) == Set(listed.map(String.init)))
        for name in try names(app, listed) { #expect(section.contains(name), "\(name) is not on the list") }
        // Reasons: the procedure, the year, the share with its counts; the rule; confirmed in the statuses.
        #expect(section.contains("2022/2023: "))
        #expect(section.contains(" из "))
        #expect(section.contains("«2»") || section.contains("ниже минимума"))
        #expect(section.contains("подтверждено"))
        #expect(section.contains(IdentificationRule.twoInLastYear.title) || section.contains(IdentificationRule.consecutiveYears.title))
        #expect(page.text.contains("школ выявлено") || page.text.contains("школы выявлены") || page.text.contains("школа выявлена"))
        // The regional coordinator reads but does not confirm.
        #expect(!page.text.contains("Подтвердить выбранные"))

        // Without a year, the list is for the year after the latest results.
        #expect(try app.signedIn("region").get("/identification").text.contains("Выявление ШНОР на 2023/2024 учебный год"))

        // The municipal coordinator sees their municipality's schools only.
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let own = try app.database.read {
            try Set(Int64.fetchAll($0, sql: """
                SELECT s.schoolId FROM schoolStatus s JOIN school ON school.id = s.schoolId
                WHERE s.flag = 'lowResults' AND s.schoolYear = 2023 AND school.municipalityId = ?
                """, arguments: [municipality]).map(String.init))
        }
        let municipal = try app.signedIn("mun-ku").get("/identification?year=2023")
        #expect(Set(schoolLinks(identifiedSection(municipal.text))) == own)

        // An empty list says so.
        let empty = try app.signedIn("region").get("/identification?year=2030")
        #expect(empty.status == 200)
        #expect(empty.text.contains("ни одна школа не выявлена"))
    }

    @Test func whatIfWithALowerShareListsMoreSchoolsAndSavesNothing() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let before = try stateDigest(app)
        let saved = Set(schoolLinks(identifiedSection(try client.get("/identification?year=2023").text)))
        let procedures = (1...9).map { "&procedure=\($0)" }.joined()
        let whatIf = try client.get("/identification?year=2023&whatif=1&share=25&rule=twoInLastYear&rule=consecutiveYears" + procedures)
        #expect(whatIf.status == 200)
        #expect(whatIf.text.contains("расчёт не сохраняется"))
        #expect(whatIf.text.contains("Вернуться к сохранённым настройкам"))
        #expect(!whatIf.text.contains("Подтвердить выбранные"))
        let more = Set(schoolLinks(identifiedSection(whatIf.text)))
        #expect(saved.isSubset(of: more))
        #expect(more.count > saved.count)
        #expect(try stateDigest(app) == before)
        // The saved list is unchanged afterwards.
        #expect(Set(schoolLinks(identifiedSection(try client.get("/identification?year=2023").text))) == saved)

        // A share that is not a number, no rule, no procedure: messages, and still nothing saved.
        let bad = try client.get("/identification?year=2023&whatif=1&share=abc")
        #expect(bad.status == 422)
        #expect(!bad.text.contains("Список ниже посчитан по параметрам панели"))
        #expect(whatIf.text.contains("Список ниже посчитан по параметрам панели"))
        #expect(bad.text.contains("Доля — число процентов"))
        #expect(bad.text.contains("Включите хотя бы одно правило выявления"))
        #expect(bad.text.contains("Выберите хотя бы одну оценочную процедуру"))
        #expect(try stateDigest(app) == before)

        // The CSV of the what-if has the reasons too.
        let csv = try client.get("/identification/export.csv?year=2023&whatif=1&share=25&rule=twoInLastYear&rule=consecutiveYears" + procedures)
        #expect(csv.status == 200)
        #expect((csv.header("Content-Type") ?? "").contains("text/csv"))
        #expect(csv.text.contains("Основания"))
        #expect(csv.text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).filter { !$0.isEmpty }.count >= more.count + 1)
    }

    @Test func theXLSXHasTheSameRowsAsTheCSV() throws {
        let app = try TestApp()
        let client = try app.signedIn("region")
        let xlsx = try client.get("/identification/export.xlsx?year=2023")
        #expect(xlsx.status == 200)
        #expect(xlsx.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect((xlsx.header("Content-Disposition") ?? "").contains("identification-2023.xlsx"))
        let sheet = try XLSXReader(data: Data(xlsx.body)).rows()
        let cells = sheet.map { $0.cells.map { $0?.string ?? "" } }
        #expect(cells.first?.contains("Основания") == true)
        let csv = try client.get("/identification/export.csv?year=2023").text
        let csvLines = csv.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).filter { !$0.isEmpty }
        #expect(cells.count == csvLines.count)
        let listed = try app.database.read {
            try String.fetchAll($0, sql: "SELECT school.name FROM schoolStatus s JOIN school ON school.id = s.schoolId WHERE s.flag = 'lowResults' AND s.schoolYear = 2023")
        }
        let names = Set(cells.dropFirst().map { $0.count > 2 ? $0[2] : "" })
        for name in listed { #expect(names.contains(name), "\(name) is not in the XLSX") }
        #expect(cells.dropFirst().contains { $0.count > 4 && $0[4].contains(" из ") })
    }

    @Test func confirmingSetsTheStatusesAndASecondConfirmChangesNothing() throws {
        let app = try TestApp()
        // The region lowers the share: more schools meet the rule than are on the list.
        let region = try app.signedIn("region")
        let form = try region.get("/settings/identification")
        #expect(form.status == 200)
        let saved = try region.post("/settings/identification", form: [
            ("_csrf", form.csrf ?? ""), ("lowShare", "25"), ("rule", "twoInLastYear"), ("rule", "consecutiveYears"),
            ("nonObjectiveMargin", "15"), ("journalMismatch", "30")] + (1...9).map { ("procedure", "\($0)") })
        #expect(saved.status == 303)
        #expect(try app.count("SELECT lowShareBasisPoints FROM regionSettings") == 2500)

        let municipality = try Int64(app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'"))
        let report = try IdentificationService(database: app.database).identify(.console, year: SchoolYear(2023), municipalityId: municipality)
        let fresh = report.identified.filter { !$0.isConfirmed }.map(\.schoolId)
        try #require(!fresh.isEmpty, "at 25 % some school of municipality A should be newly identified")

        let coordinator = try app.signedIn("mun-ku")
        let list = try coordinator.get("/identification?year=2023")
        #expect(list.text.contains("Подтвердить выбранные"))
        for id in fresh { #expect(list.text.contains("name=\"school\" value=\"\(id)\"")) }

        let query = fresh.map { "&school=\($0)" }.joined()
        let check = try coordinator.get("/identification/confirm?year=2023" + query)
        #expect(check.status == 200)
        #expect(check.text.contains("Проверьте и подтвердите перечень ШНОР на 2023/2024 учебный год"))
        #expect(check.text.contains("Выявлена по критериям ШНОР"))
        for name in try names(app, fresh) { #expect(check.text.contains(name)) }

        let changesBefore = try app.count("SELECT COUNT(*) FROM schoolStatusChange")
        let confirmed = try coordinator.post("/identification/confirm",
                                             form: [("_csrf", check.csrf ?? ""), ("year", "2023")] + fresh.map { ("school", "\($0)") })
        #expect(confirmed.status == 303)
        let after = try coordinator.get(confirmed.header("Location") ?? "")
        #expect(after.text.contains("Перечень ШНОР подтверждён"))
        let ids = fresh.map(String.init).joined(separator: ",")
        #expect(try app.count("SELECT COUNT(*) FROM schoolStatus WHERE flag = 'lowResults' AND schoolYear = 2023 AND schoolId IN (\(ids))") == fresh.count)
        #expect(try app.count("SELECT COUNT(*) FROM schoolStatusChange") == changesBefore + fresh.count)
        let reason = try app.database.read {
            try String.fetchOne($0, sql: "SELECT reason FROM schoolStatusChange WHERE schoolId = ? ORDER BY id DESC LIMIT 1", arguments: [fresh[0]])!
        }
        #expect(reason.hasPrefix("Выявлена по критериям ШНОР"))
        // Now marked confirmed, no checkbox any more.
        let relisted = try coordinator.get("/identification?year=2023")
        for id in fresh { #expect(!relisted.text.contains("name=\"school\" value=\"\(id)\"")) }

        // The same confirmation again changes nothing.
        let digest = try stateDigest(app)
        let again = try coordinator.post("/identification/confirm",
                                         form: [("_csrf", check.csrf ?? ""), ("year", "2023")] + fresh.map { ("school", "\($0)") })
        #expect(again.status == 303)
        #expect(try stateDigest(app) == digest)

        // Nothing selected: a message, nothing written.
        let none = try coordinator.post("/identification/confirm", form: [("_csrf", check.csrf ?? ""), ("year", "2023")])
        #expect(none.status == 422)
        #expect(none.text.contains("Выберите хотя бы одну школу"))

        // The regional coordinator and another municipality cannot confirm.
        let other = try app.signedIn("mun-kirovsky")
        let otherToken = try other.get("/").csrf ?? ""
        let unchanged = try stateDigest(app)
        #expect(try other.post("/identification/confirm", form: [("_csrf", otherToken), ("year", "2023"), ("school", "\(fresh[0])")]).status == 403)
        #expect(try region.post("/identification/confirm", form: [("_csrf", form.csrf ?? ""), ("year", "2023"), ("school", "\(fresh[0])")]).status == 403)
        #expect(try stateDigest(app) == unchanged)
    }

    @Test func aSchoolLeavingTheListGetsItsExitRecorded() throws {
        let app = try TestApp()
        let municipality = try Int64(app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'"))
        let report = try IdentificationService(database: app.database).identify(.console, year: SchoolYear(2022), municipalityId: municipality)
        let leaving = try #require(report.leaving.first)
        let coordinator = try app.signedIn("mun-ku")
        let list = try coordinator.get("/identification?year=2022")
        #expect(list.text.contains("name=\"exit\" value=\"\(leaving.schoolId)\""))
        let check = try coordinator.get("/identification/confirm?year=2022&exit=\(leaving.schoolId)")
        #expect(check.status == 200)
        #expect(check.text.contains("Выход из перечня ШНОР на 2022/2023"))
        #expect(check.text.contains(leaving.schoolShortName))
        let done = try coordinator.post("/identification/confirm", form: [("_csrf", check.csrf ?? ""), ("year", "2022"), ("exit", "\(leaving.schoolId)")])
        #expect(done.status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM schoolStatusChange WHERE schoolId = \(leaving.schoolId) AND schoolYear = 2022 AND isExit = 1") == 1)
        let after = try coordinator.get("/identification?year=2022")
        #expect(after.text.contains("выход записан"))
        #expect(!after.text.contains("name=\"exit\" value=\"\(leaving.schoolId)\""))
        // An identified school cannot be sent out of the list: the check page says why.
        let identified = try #require(report.identified.first)
        let wrong = try coordinator.post("/identification/confirm", form: [("_csrf", check.csrf ?? ""), ("year", "2022"), ("exit", "\(identified.schoolId)")])
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("не выходит из перечня"))
    }

    @Test func regionSettingsAreValidatedAndOnlyTheRegionEditsThem() throws {
        let app = try TestApp()
        let region = try app.signedIn("region")
        let form = try region.get("/settings/identification")
        #expect(form.text.contains("Сохранить настройки"))
        let audits = try app.count("SELECT COUNT(*) FROM auditEntry")
        let bad = try region.post("/settings/identification", form: [
            ("_csrf", form.csrf ?? ""), ("lowShare", "сто"), ("nonObjectiveMargin", "150"), ("journalMismatch", "0")])
        #expect(bad.status == 422)
        #expect(bad.text.contains("Исправьте ошибки"))
        #expect(bad.text.contains("Доля для низкого результата — число процентов"))
        #expect(bad.text.contains("Включите хотя бы одно правило выявления"))
        #expect(bad.text.contains("Выберите хотя бы одну оценочную процедуру"))
        #expect(bad.text.contains("Превышение над муниципальным значением — от 0 до 100 процентных пунктов"))
        #expect(bad.text.contains("Доля несовпадения с журнальными отметками — от 0,01 % до 100 %"))
        #expect(bad.text.contains("href=\"#lowShare\""))
        #expect(bad.text.contains("value=\"сто\""))
        #expect(try app.count("SELECT lowShareBasisPoints FROM regionSettings") == 3000)
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry") == audits)

        let good = try region.post("/settings/identification", form: [
            ("_csrf", form.csrf ?? ""), ("lowShare", "27,5"), ("rule", "consecutiveYears"),
            ("nonObjectiveMargin", "20"), ("journalMismatch", "35"), ("procedure", "1"), ("procedure", "5")])
        #expect(good.status == 303)
        let shown = try region.get(good.header("Location") ?? "")
        #expect(shown.text.contains("Изменения сохранены."))
        #expect(shown.text.contains("value=\"27,5\""))
        #expect(try app.count("SELECT lowShareBasisPoints FROM regionSettings") == 2750)
        #expect(try app.count("SELECT ruleTwoInLastYear FROM regionSettings") == 0)
        #expect(try app.count("SELECT COUNT(*) FROM procedure WHERE isAnalysed = 1") == 2)
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'regionSettings'") == 2)

        // The municipal coordinator reads the settings and cannot change them.
        let municipal = try app.signedIn("mun-ku")
        let read = try municipal.get("/settings/identification")
        #expect(read.status == 200)
        #expect(read.text.contains("27,5 %"))
        #expect(!read.text.contains("Сохранить настройки"))
        #expect(try municipal.post("/settings/identification", form: [("_csrf", read.csrf ?? ""), ("lowShare", "30")]).status == 403)
        #expect(try app.count("SELECT lowShareBasisPoints FROM regionSettings") == 2750)
    }

    @Test func directorsAndCuratorsAreRefusedEverywhereHere() throws {
        let app = try TestApp()
        for login in ["director-ku", "curator-ku"] {
            let client = try app.signedIn(login)
            let token = try client.get("/").csrf ?? ""
            let home = try client.get("/")
            #expect(!home.text.contains("Выявление ШНОР"))
            #expect(!home.text.contains(">Настройки<"))
            for path in ["/identification", "/identification?year=2023", "/identification/export.csv", "/identification/export.xlsx",
                         "/identification/confirm?year=2023",
                         "/signals", "/settings/identification", "/procedures/new", "/procedures/1/edit"] {
                #expect(try client.get(path).status == 403, "\(login) GET \(path)")
            }
            let digest = try stateDigest(app)
            let school = try app.schoolId(ofDirector: "director-ku")
            #expect(try client.post("/identification/confirm", form: [("_csrf", token), ("year", "2023"), ("school", "\(school)")]).status == 403)
            #expect(try client.post("/settings/identification", form: [("_csrf", token), ("lowShare", "10"), ("rule", "twoInLastYear"), ("procedure", "1")]).status == 403)
            #expect(try client.post("/procedures/new", form: [("_csrf", token), ("family", "vpr"), ("subject", "Музыка"), ("grade", "5"), ("lowRule", "markTwo")]).status == 403)
            #expect(try stateDigest(app) == digest)
            // The catalogue itself is readable by everyone signed in, without edit links.
            let catalogue = try client.get("/procedures")
            #expect(catalogue.status == 200)
            #expect(catalogue.text.contains("ВПР Математика 5 кл."))
            #expect(!catalogue.text.contains("Добавить процедуру"))
            #expect(!catalogue.text.contains("/procedures/1/edit"))
            #expect(!catalogue.text.contains("href=\"/settings/identification\""))
        }
        let coordinatorHome = try app.signedIn("mun-ku").get("/")
        #expect(coordinatorHome.text.contains("Выявление ШНОР"))
        #expect(!coordinatorHome.text.contains(">Настройки<"))
        #expect(try app.signedIn("region").get("/").text.contains(">Настройки<"))
    }

    @Test func signalsShowTheirFiguresAndAreNotApplied() throws {
        let app = try TestApp()
        let signals = try NonObjectivitySignals(database: app.database).signals(.console, year: SchoolYear(2019))
        try #require(!signals.isEmpty)
        let client = try app.signedIn("region")
        let digest = try stateDigest(app)
        let page = try client.get("/signals?year=2019")
        #expect(page.status == 200)
        #expect(page.text.contains("сигналы для проверки, а не вывод"))
        for signal in signals {
            #expect(page.text.contains(signal.schoolShortName))
            if let share = signal.highMarks ?? signal.mismatch { #expect(page.text.contains(share.text)) }
            if let municipal = signal.municipalHighMarks { #expect(page.text.contains(municipal.text)) }
            for exam in signal.exams { #expect(page.text.contains(exam.text)) }
        }
        #expect(try stateDigest(app) == digest)
        let empty = try app.signedIn("region").get("/signals?year=2030")
        #expect(empty.text.contains("Таких сигналов нет."))
    }

    @Test func theRegionEditsTheCatalogue() throws {
        let app = try TestApp()
        let region = try app.signedIn("region")
        let list = try region.get("/procedures")
        #expect(list.text.contains("ВПР Математика 5 кл."))
        #expect(list.text.contains("ЕГЭ Русский язык"))
        #expect(list.text.contains("2022/2023: 24"))
        let form = try region.get("/procedures/new")
        let missing = try region.post("/procedures/new", form: [("_csrf", form.csrf ?? ""), ("family", "vpr"), ("subject", " "), ("lowRule", "markTwo")])
        #expect(missing.status == 422)
        #expect(missing.text.contains("Укажите предмет"))
        let created = try region.post("/procedures/new", form: [
            ("_csrf", form.csrf ?? ""), ("family", "vpr"), ("subject", "Музыка"), ("grade", "6"), ("lowRule", "markTwo"), ("sortOrder", "500")])
        #expect(created.status == 303)
        #expect(try region.get("/procedures").text.contains("ВПР Музыка 6 кл."))
        let duplicate = try region.post("/procedures/new", form: [
            ("_csrf", form.csrf ?? ""), ("family", "vpr"), ("subject", "Музыка"), ("grade", "6"), ("lowRule", "markTwo")])
        #expect(duplicate.status == 422)
        #expect(duplicate.text.contains("Такая процедура уже есть в перечне"))

        let id = try app.count("SELECT id FROM procedure WHERE subject = 'Музыка'")
        let edit = try region.get("/procedures/\(id)/edit")
        #expect(edit.status == 200)
        let score = try region.post("/procedures/\(id)/minimum-score", form: [("_csrf", edit.csrf ?? ""), ("year", "2022/2023"), ("score", "12")])
        #expect(score.status == 303)
        #expect(try region.get("/procedures").text.contains("2022/2023: 12"))
        let archive = try region.get("/procedures/\(id)/archive")
        #expect(archive.text.contains("Перенести «ВПР Музыка 6 кл.» в архив?"))
        #expect(try region.post("/procedures/\(id)/archive", form: [("_csrf", archive.csrf ?? "")]).status == 303)
        #expect(!(try region.get("/procedures").text.contains("ВПР Музыка 6 кл.")))
        #expect(try region.get("/procedures?archived=1").text.contains("ВПР Музыка 6 кл."))
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'procedure' AND entityId = \(id)") == 3)
    }
}
