@testable import Core
import Foundation
import GRDB
import Testing

/// Pupils at risk over HTTP: the school card, the director's table form, the coordinator's table, exports and import.
@Suite(.serialized) struct PupilsAtRiskFlowTests {
    @Test func schoolCardShowsTheSharesAndTheChangeFromThePreviousYear() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        // Replace the demo's figures with known ones: 9th grade математика 15 of 50 (30 %) → 12 of 48 (25 %).
        try app.database.write { db in
            try db.execute(sql: "DELETE FROM pupilsAtRisk WHERE schoolId = ?", arguments: [school])
            try db.execute(sql: """
                INSERT INTO pupilsAtRisk (schoolId, schoolYear, grade, subject, pupils, atRisk, withSpecialNeeds, plan, updatedAt)
                VALUES (?, 2022, 9, 'Математика', 50, 15, 2, '', '2026-01-01 00:00:00.000'),
                       (?, 2023, 9, 'Математика', 48, 12, 3, 'Консультации по субботам', '2026-01-01 00:00:00.000')
                """, arguments: [school, school])
        }
        for login in ["director-ku", "curator-ku", "mun-ku"] {
            let card = try app.signedIn(login).get("/schools/\(school)")
            #expect(card.status == 200)
            #expect(card.text.contains("id=\"school-pupils-at-risk\""), "\(login) sees the section")
            #expect(card.text.contains("2023/2024: доля обучающихся 9 и 11 классов"))
            #expect(card.text.contains("<th scope=\"row\">9 класс, математика</th><td>12 из 48, с ОВЗ 3</td><td>25,0 %</td><td class=\"risk-change--lower\">−5,0 п. п.</td>"))
        }
        let otherDirector = try app.signedIn("director-ku-02")
        #expect(try otherDirector.get("/schools/\(school)/pupils-at-risk").status == 403)
        #expect(try app.signedIn("curator-ku-3").get("/schools/\(school)/pupils-at-risk").status == 403)
    }

    /// Issue 13, item 8: a fall in the share is a number in the CSV (`-5,0`), not a text behind the formula guard (`'-5,0`).
    @Test func csvExportWritesNegativeChangesAsNumbers() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        try app.database.write { db in
            try db.execute(sql: "DELETE FROM pupilsAtRisk WHERE schoolId = ?", arguments: [school])
            try db.execute(sql: """
                INSERT INTO pupilsAtRisk (schoolId, schoolYear, grade, subject, pupils, atRisk, withSpecialNeeds, plan, updatedAt)
                VALUES (?, 2022, 9, 'Математика', 50, 15, 2, '', '2026-01-01 00:00:00.000'),
                       (?, 2023, 9, 'Математика', 48, 12, 3, '=HYPERLINK("x")', '2026-01-01 00:00:00.000')
                """, arguments: [school, school])
        }
        let csv = try app.signedIn("mun-ku").get("/pupils-at-risk/export.csv?year=2023")
        #expect(csv.status == 200)
        #expect(csv.text.contains(";25,0;30,0;-5,0;\"'=HYPERLINK(\"\"x\"\")\"\r\n"), "the change is a number, the formula a text")
        #expect(!csv.text.contains("'-"))
    }

    @Test func directorEntersRowsWithErrorsBesideTheFieldsThenRemovesOneWithConfirmation() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let director = try app.signedIn("director-ku")
        let page = try director.get("/schools/\(school)/pupils-at-risk?year=2025")
        #expect(page.status == 200)
        #expect(page.text.contains("За 2025/2026 данные не введены."))
        #expect(page.text.contains("id=\"pupils-form\""))
        let csrf = page.csrf ?? ""
        let before = try app.count("SELECT COUNT(*) FROM pupilsAtRisk")
        let refused = try director.post("/schools/\(school)/pupils-at-risk/2025", form: [
            ("_csrf", csrf), ("row", "new"), ("grade-new", "9"), ("subject-new", "Математика"), ("pupils-new", "40"),
            ("atRisk-new", "45"), ("withSpecialNeeds-new", ""), ("plan-new", ""),
        ])
        #expect(refused.status == 422)
        #expect(refused.text.contains("href=\"#atRisk-new\""))
        #expect(refused.text.contains("В «зоне риска» не может быть больше обучающихся (45), чем в параллели (40)"))
        #expect(try app.count("SELECT COUNT(*) FROM pupilsAtRisk") == before)

        let saved = try director.post("/schools/\(school)/pupils-at-risk/2025", form: [
            ("_csrf", csrf), ("row", "new"), ("grade-new", "9"), ("subject-new", "Математика"), ("pupils-new", "40"),
            ("atRisk-new", "10"), ("withSpecialNeeds-new", "1"), ("plan-new", "Группа подготовки к ОГЭ"),
        ])
        #expect(saved.status == 303)
        let after = try director.get(saved.header("Location") ?? "")
        #expect(after.text.contains("Изменения сохранены."))
        #expect(after.text.contains("<td class=\"pupils-share\">25,0 %</td>"))
        let id = try app.count("SELECT id FROM pupilsAtRisk WHERE schoolId = \(school) AND schoolYear = 2025")
        let confirm = try director.get("/pupils-at-risk/rows/\(id)/remove")
        #expect(confirm.text.contains("Удалить строку «9 класс, математика» за 2025/2026?"))
        let removed = try director.post("/pupils-at-risk/rows/\(id)/remove", form: [("_csrf", confirm.csrf ?? "")])
        #expect(removed.status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM pupilsAtRisk WHERE schoolId = \(school) AND schoolYear = 2025") == 0)
    }

    @Test func coordinatorSeesTheMunicipalTableExportsItAndImportsAFile() throws {
        let app = try TestApp(workingCycle: false)
        let coordinator = try app.signedIn("mun-ku")
        let page = try coordinator.get("/pupils-at-risk?year=2023")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"pupils-summary\""))
        #expect(page.text.contains("9 класс, математика"))
        let csv = try coordinator.get("/pupils-at-risk/export.csv?year=2023")
        #expect(csv.status == 200)
        #expect(csv.text.contains("Муниципалитет;Школа;Учебный год;Класс;Предмет;Обучающихся;В зоне риска;Из них с ОВЗ"))
        let xlsx = try coordinator.get("/pupils-at-risk/export.xlsx?year=2023")
        #expect(xlsx.status == 200 && xlsx.body.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        // Кировский район's coordinator cannot read Каменск-Уральский's table.
        let municipalityA = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        #expect(try app.signedIn("mun-kirovsky").get("/pupils-at-risk?municipality=\(municipalityA)").status == 403)
        #expect(try app.signedIn("director-ku").get("/pupils-at-risk").status == 403)

        let school = try app.schoolId(ofDirector: "director-ku-02")
        let code = try app.database.read { try String.fetchOne($0, sql: "SELECT code FROM school WHERE id = ?", arguments: [school]) } ?? ""
        let file = "Код школы;Учебный год;Класс;Предмет;Обучающихся;В зоне риска;Из них с ОВЗ\r\n\(code);2025/2026;11;Химия;21;4;1\r\n"
        let upload = try coordinator.get("/pupils-at-risk/import")
        let preview = try ImportFlowTests.upload(coordinator, csrf: upload.csrf ?? "", fileName: "зона риска.csv", content: Array(file.utf8),
                                                 path: "/pupils-at-risk/import")
        #expect(preview.status == 200)
        #expect(preview.text.contains("<dd id=\"count-insert\">1</dd>"))
        #expect(try app.count("SELECT COUNT(*) FROM pupilsAtRisk WHERE schoolId = \(school) AND schoolYear = 2025") == 0)
        let token = try #require(preview.text.range(of: "name=\"token\" value=\"").map { String(preview.text[$0.upperBound...].prefix(48)) })
        let committed = try coordinator.post("/pupils-at-risk/import/commit", form: [("_csrf", preview.csrf ?? ""), ("token", token)])
        #expect(committed.status == 303)
        #expect(try app.count("SELECT atRisk FROM pupilsAtRisk WHERE schoolId = \(school) AND schoolYear = 2025 AND subject = 'Химия'") == 4)
    }
}
