import Core
import Foundation
import GRDB
import Testing

/// Issue 13, item 11: practice materials and event materials refuse the same links (over HTTP, nothing stored).
@Suite struct LinkFieldTests {
    static let hostile = ["http://ok.example/a b", "https://ok.example/\">x", "http://x.example/\"onmouseover=alert(1)",
                          "https://ok.example/<b>", "javascript:alert(1)", "https://ok.example/'x", "https://ok.example/`x`"]

    @Test func practiceMaterialLinks() throws {
        let app = try TestApp(workingCycle: false)
        let director = try app.signedIn("director-ku")
        let form = try director.get("/practices/new")
        let created = try director.post("/practices", form: [
            ("_csrf", form.csrf ?? ""), ("title", "Квест «Читаем вместе»"), ("category", "pupilsAtRisk"),
            ("description", "Квест-игра для обучающихся"), ("authors", ""), ("tags", ""),
        ])
        #expect(created.status == 303)
        let path = String((created.header("Location") ?? "").split(separator: "?")[0])
        let page = try director.get(path)
        let before = try app.count("SELECT count(*) FROM practiceMaterial")
        for bad in Self.hostile {
            let refused = try director.post(path + "/materials", form: [("_csrf", page.csrf ?? ""), ("title", "Ссылка"), ("url", bad)])
            #expect(refused.status == 422, "\(bad) accepted")
            #expect(refused.text.contains(LinkURL.message))
        }
        #expect(try app.count("SELECT count(*) FROM practiceMaterial") == before)
        let saved = try director.post(path + "/materials", form: [("_csrf", page.csrf ?? ""), ("title", "Ссылка"), ("url", "https://ok.example/a")])
        #expect(saved.status == 303)
        #expect(try app.count("SELECT count(*) FROM practiceMaterial") == before + 1)
    }

    @Test func eventMaterialLinks() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku-02")
        let coordinator = try app.signedIn("mun-ku")
        let form = try coordinator.get("/events/new")
        let created = try coordinator.post("/events", form: [
            ("_csrf", form.csrf ?? ""), ("format", "seminar"), ("title", "Семинар"), ("heldOn", "14.09.2023"),
            ("hostSchool", "\(school)"), ("participant", "\(school)"), ("goal", "Обмен опытом"),
        ])
        #expect(created.status == 303)
        let path = String((created.header("Location") ?? "").split(separator: "?")[0])
        let page = try coordinator.get(path)
        let before = try app.count("SELECT count(*) FROM municipalEventMaterial")
        for bad in Self.hostile {
            let refused = try coordinator.post(path + "/materials", form: [("_csrf", page.csrf ?? ""), ("materialTitle", "Ссылка"), ("url", bad)])
            #expect(refused.status == 422, "\(bad) accepted")
            #expect(refused.text.contains(LinkURL.message))
        }
        #expect(try app.count("SELECT count(*) FROM municipalEventMaterial") == before)
    }
}
