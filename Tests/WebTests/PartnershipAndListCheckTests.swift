@testable import Core
import Foundation
import GRDB
import Testing

/// Issue 19 item 9: a partner group's schools must fit their roles in that year, school selects sort as people read,
/// and the new-account form reports every empty field at once.
@Suite(.serialized) struct PartnershipAndListCheckTests {
    struct Kirovsky { var year: Int; var low: [Int64]; var stable: [Int64] }

    /// The latest year with a low-results list in Кировский район, two schools on it and two off it (not lyceums or gymnasiums).
    func kirovsky(_ app: TestApp) throws -> Kirovsky {
        try app.database.read { db in
            let municipality = try Int64.fetchOne(db, sql: "SELECT municipalityId FROM user WHERE login = 'mun-kirovsky'")!
            let year = try Int.fetchOne(db, sql: """
                SELECT MAX(st.schoolYear) FROM schoolStatus st JOIN school s ON s.id = st.schoolId
                WHERE s.municipalityId = ? AND st.flag = 'lowResults'
                """, arguments: [municipality])!
            let low = try Int64.fetchAll(db, sql: """
                SELECT s.id FROM school s JOIN schoolStatus st ON st.schoolId = s.id AND st.schoolYear = ? AND st.flag = 'lowResults'
                WHERE s.municipalityId = ? ORDER BY s.id LIMIT 2
                """, arguments: [year, municipality])
            let stable = try Int64.fetchAll(db, sql: """
                SELECT s.id FROM school s WHERE s.municipalityId = ? AND s.kind NOT IN ('lyceum', 'gymnasium')
                AND s.id NOT IN (SELECT schoolId FROM schoolStatus WHERE schoolYear = ? AND flag IN ('lowResults', 'programmeParticipant'))
                ORDER BY s.id LIMIT 2
                """, arguments: [municipality, year])
            return Kirovsky(year: year, low: low, stable: stable)
        }
    }

    @Test func aPartnerGroupRefusesSchoolsWhoseStatusContradictsTheirRole() throws {
        let app = try TestApp()
        let k = try kirovsky(app)
        try #require(k.low.count == 2 && k.stable.count == 2)
        // The demo may already pair the first school that year: this test makes the group anew.
        try app.database.write { try $0.execute(sql: "DELETE FROM partnership WHERE lowResultsSchoolId = ? AND schoolYear = ?", arguments: [k.low[0], k.year]) }
        let client = try app.signedIn("mun-kirovsky")
        let csrf = try client.get("/partnerships/new").csrf ?? ""
        func create(_ low: Int64, _ partners: [Int64], confirm: Bool = false) throws -> TestClient.Response {
            try client.post("/partnerships/new", form: [("_csrf", csrf), ("lowResultsSchoolId", "\(low)"), ("year", "\(k.year)"), ("forms", "")]
                            + partners.map { ("partner", "\($0)") } + (confirm ? [("confirmKind", "1")] : []))
        }
        let before = try app.count("SELECT COUNT(*) FROM partnership")
        let lowPartner = try create(k.low[0], [k.low[1]])
        #expect(lowPartner.status == 422)
        #expect(lowPartner.text.contains("в перечне ШНОР на \(k.year)/\(k.year + 1) учебный год: партнёрами выбирают школы со стабильными результатами"))
        let offTheList = try create(k.stable[0], [k.stable[1]])
        #expect(offTheList.status == 422)
        #expect(offTheList.text.contains("не в перечне ШНОР на \(k.year)/\(k.year + 1) учебный год"))
        #expect(offTheList.text.contains("href=\"#lowResultsSchoolId\""), "the error summary links the field")
        #expect(try app.count("SELECT COUNT(*) FROM partnership") == before)

        // A gymnasium on the list as the low-results school: a warning to confirm, then saved.
        try app.database.write { try $0.execute(sql: "UPDATE school SET kind = 'gymnasium' WHERE id = ?", arguments: [k.low[0]]) }
        let warned = try create(k.low[0], [k.stable[0]])
        #expect(warned.status == 422)
        #expect(warned.text.contains("гимназия: обычно это школа со стабильными результатами"))
        #expect(warned.text.contains("id=\"confirmKind\" name=\"confirmKind\""))
        #expect(try app.count("SELECT COUNT(*) FROM partnership") == before)
        #expect(try create(k.low[0], [k.stable[0]], confirm: true).status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM partnership") == before + 1)
    }

    @Test func schoolSelectsSortNumbersAsPeopleReadThem() throws {
        let app = try TestApp()
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-kirovsky'")
        try app.database.write { db in
            for name in ["СШ № 19", "СШ № 2"] {
                try db.execute(sql: """
                    INSERT INTO school (municipalityId, name, shortName, kind, createdAt, updatedAt) VALUES (?, ?, ?, 'sosh', ?, ?)
                    """, arguments: [municipality, "МБОУ «\(name)»", name, Date(), Date()])
            }
        }
        for path in ["/partnerships/new", "/accounts/new", "/audit"] {
            let page = try app.signedIn("mun-kirovsky").get(path).text
            let two = try #require(page.range(of: ">СШ № 2<"), "\(path)")
            let nineteen = try #require(page.range(of: ">СШ № 19<"), "\(path)")
            #expect(two.lowerBound < nineteen.lowerBound, "\(path): «СШ № 2» comes before «СШ № 19»")
        }
    }

    @Test func theNewAccountFormReportsEveryEmptyField() throws {
        let app = try TestApp()
        let coordinator = try app.signedIn("mun-ku")
        let form = try coordinator.get("/accounts/new")
        let before = try app.count("SELECT COUNT(*) FROM user")
        let empty = try coordinator.post("/accounts", form: [("_csrf", form.csrf ?? ""), ("role", ""), ("login", ""), ("fullName", ""),
                                                             ("municipalityId", ""), ("schoolId", "")])
        let summary = try #require(empty.text.range(of: "class=\"error-summary\"").map { String(empty.text[$0.lowerBound...].prefix(2000)) })
        for (field, message) in [("role", "Выберите роль"), ("login", "Введите логин"), ("fullName", "Введите фамилию, имя и отчество")] {
            #expect(summary.contains("href=\"#\(field)\">\(message)</a>"), "the summary at the top lists «\(message)»")
            #expect(empty.text.contains("<p class=\"field__error\">\(message)</p>"), "«\(message)» is next to its field")
        }
        #expect(try app.count("SELECT COUNT(*) FROM user") == before)
    }
}
