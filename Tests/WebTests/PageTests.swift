import Foundation
import Testing

@Suite(.serialized) struct PageTests {
    static let roles = ["admin", "region", "mun-ku", "curator-ku", "director-ku"]

    @Test func everyRoleSeesHomeSchoolsAndASchool() throws {
        let app = try TestApp()
        for login in Self.roles {
            let client = try app.signedIn(login)
            for path in ["/", "/schools"] {
                let page = try client.get(path)
                #expect(page.status == 200, "\(login) \(path)")
                // The region's home page compares municipalities; every other page lists schools.
                let table = path == "/" && (login == "admin" || login == "region") ? "<table id=\"municipalities\"" : "<table id=\"schools\""
                #expect(page.text.contains(table), "\(login) \(path)")
            }
            let list = try client.get("/schools").text
            let id = try #require(schoolLinks(list).first, "\(login) sees no school")
            let card = try client.get("/schools/\(id)")
            #expect(card.status == 200)
            #expect(card.text.contains("<h1>"))
        }
    }

    @Test func directorSeesOnlyTheirSchool() throws {
        let app = try TestApp()
        let client = try app.signedIn("director-ku")
        let own = try app.schoolId(ofDirector: "director-ku")
        let list = try client.get("/schools").text
        #expect(schoolLinks(list).count == 1)
        #expect(list.contains("href=\"/schools/\(own)\""))
        #expect(try client.get("/schools/\(own)").status == 200)
        let foreign = try client.get("/schools/\(own + 1)")
        #expect(foreign.status == 403)
        #expect(foreign.text.contains("Нет доступа"))
        #expect(try client.get("/schools/999999").status == 404)
        #expect(try client.get("/schools/abc").status == 404)
    }

    @Test func municipalCoordinatorSeesOwnMunicipalityOnly() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let expected = try app.count("SELECT COUNT(*) FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-ku')")
        let list = try client.get("/schools").text
        #expect(schoolLinks(list).count == expected)
        let outside = try app.count("SELECT MIN(id) FROM school WHERE municipalityId <> (SELECT municipalityId FROM user WHERE login = 'mun-ku')")
        #expect(try client.get("/schools/\(outside)").status == 403)
    }

    @Test func searchFiltersTheList() throws {
        let app = try TestApp()
        let client = try app.signedIn("admin")
        let page = try client.get("/schools?q=%D0%BB%D0%B8%D1%86%D0%B5%D0%B9") // «лицей»
        #expect(page.status == 200)
        #expect(page.text.contains("Лицей"))
        #expect(!page.text.contains("Средняя школа № 1<"))
        let none = try client.get("/schools?q=zzzz-nothing")
        #expect(none.text.contains("Школ нет."))
    }

    @Test func unknownPagesGetARussian404() throws {
        let app = try TestApp()
        let response = try app.signedIn("admin").get("/no/such/page")
        #expect(response.status == 404)
        #expect(response.text.contains("Страница не найдена"))
        #expect(!response.text.contains("Error"))
    }

    @Test func wrongMethodGets405WithAllow() throws {
        let app = try TestApp()
        let response = try app.client().send("DELETE", "/login", headers: [], body: [])
        #expect(response.status == 405)
        #expect(response.header("Allow")?.contains("GET") == true)
    }

    @Test func securityHeadersOnEveryResponse() throws {
        let app = try TestApp()
        for path in ["/login", "/healthz", "/static/opora.css", "/nothing"] {
            let response = try app.client().get(path)
            let csp = try #require(response.header("Content-Security-Policy"), "\(path)")
            #expect(!csp.contains("unsafe-inline"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("X-Frame-Options") == "DENY")
            #expect(response.header("Referrer-Policy") == "same-origin")
        }
    }

    @Test func staticFilesHaveETagsAndStayInsidePublic() throws {
        let app = try TestApp()
        let client = app.client()
        let css = try client.get("/static/opora.css")
        #expect(css.status == 200)
        #expect(css.header("Content-Type") == "text/css; charset=utf-8")
        #expect(css.header("Cache-Control")?.contains("max-age") == true)
        let etag = try #require(css.header("ETag"))
        let again = try client.get("/static/opora.css", headers: [("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        for attempt in ["/static/../Package.swift", "/static/%2e%2e/Package.swift", "/static/..%2FPackage.swift",
                        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/.hidden", "/static/nothing.css",
                        "/static/%00opora.css", "/static//etc/passwd"] {
            let response = try client.get(attempt)
            #expect([400, 404].contains(response.status), "\(attempt) → \(response.status)")
            #expect(!response.text.contains("swift-tools-version"), "\(attempt)")
            #expect(!response.text.contains("root:"), "\(attempt)")
        }
    }

    @Test func oversizedFormsGet413() throws {
        let app = try TestApp()
        let client = app.client()
        let page = try client.get("/login")
        let big = String(repeating: "a", count: 2 << 20)
        let response = try client.post("/login", form: [("_csrf", page.csrf ?? ""), ("login", big), ("password", "x")])
        #expect(response.status == 413)
        #expect(response.text.contains("Слишком большой запрос"))
    }

    @Test func userTextIsEscapedInPages() throws {
        let app = try TestApp()
        let client = app.client()
        let page = try client.get("/login")
        let response = try client.post("/login", form: [("_csrf", page.csrf ?? ""), ("login", "\"><script>alert(1)</script>"),
                                                        ("password", "wrong-password")])
        #expect(!response.text.contains("<script>alert(1)</script>"))
        #expect(response.text.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
}

/// The school ids linked from a page (`href="/schools/12"`), in order; other /schools/… links (new, CSV) are not schools.
func schoolLinks(_ html: String) -> [Int64] {
    html.components(separatedBy: "href=\"/schools/").dropFirst().compactMap { rest in
        let digits = rest.prefix { $0.isNumber }
        return rest.dropFirst(digits.count).first == "\"" ? Int64(digits) : nil
    }
}
