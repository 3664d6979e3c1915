import Core
import Foundation
import Testing

@Suite(.serialized) struct AuthFlowTests {
    @Test func healthCheckAnswersOk() throws {
        let app = try TestApp()
        let response = try app.client().get("/healthz")
        #expect(response.status == 200)
        #expect(response.text == "ok")
    }

    @Test func anonymousVisitorsAreSentToTheLoginPage() throws {
        let app = try TestApp()
        let response = try app.client().get("/schools/1?x=1")
        #expect(response.status == 302)
        #expect(response.header("Location") == "/login?next=%2Fschools%2F1%3Fx%3D1")
    }

    @Test func loginPageCarriesACSRFTokenBoundToACookie() throws {
        let app = try TestApp()
        let client = app.client()
        let page = try client.get("/login")
        #expect(page.status == 200)
        #expect(page.text.contains("<form id=\"login-form\" method=\"post\" action=\"/login\""))
        let token = try #require(page.csrf)
        #expect(client.cookies["opora_csrf"] == token)
        #expect(page.header("Set-Cookie")?.contains("HttpOnly") == true)
        #expect(page.header("Set-Cookie")?.contains("SameSite=Lax") == true)
    }

    @Test func loginLogoutRoundTrip() throws {
        let app = try TestApp()
        let client = app.client()
        client.cookies["opora_session"] = "planted-by-an-attacker"
        let login = try client.logIn("mun-ku")
        #expect(login.status == 303)
        #expect(login.header("Location") == "/")
        let session = try #require(client.cookies["opora_session"])
        #expect(session != "planted-by-an-attacker", "a fresh session id at login: no fixation")
        let cookie = try #require(login.headers("Set-Cookie").first { $0.hasPrefix("opora_session=") })
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))

        let home = try client.get("/")
        #expect(home.status == 200)
        #expect(home.text.contains("id=\"current-user\""))
        #expect(home.text.contains("Муниципальный координатор"))

        let logout = try client.post("/logout", form: [("_csrf", home.csrf ?? "")])
        #expect(logout.status == 303)
        #expect(logout.header("Location") == "/login")
        // The old cookie no longer opens anything, even if replayed.
        client.cookies["opora_session"] = session
        #expect(try client.get("/").status == 302)
    }

    @Test func wrongPasswordShowsAnErrorAndNoSession() throws {
        let app = try TestApp()
        let client = app.client()
        let response = try client.logIn("mun-ku", password: "not-the-password")
        #expect(response.status == 200)
        #expect(response.text.contains("class=\"error-summary\""))
        #expect(response.text.contains("Неверный логин или пароль"))
        #expect(response.text.contains("value=\"mun-ku\""), "the login stays filled in")
        #expect(client.cookies["opora_session"] == nil)
    }

    @Test func loginIsThrottledAfterFiveFailures() throws {
        let app = try TestApp()
        let client = app.client()
        for _ in 0..<5 { #expect(try client.logIn("region", password: "wrong-one").status == 200) }
        let blocked = try client.logIn("region")
        #expect(blocked.status == 429)
        #expect(blocked.header("Retry-After") == "2")
        #expect(blocked.text.contains("Слишком много неудачных попыток"))
        app.database.clock.advance(by: 3)
        #expect(try client.logIn("region").status == 303)
    }

    @Test func formsWithoutTheRightCSRFTokenAreRefused() throws {
        let app = try TestApp()
        let client = app.client()
        _ = try client.get("/login")
        let missing = try client.post("/login", form: [("login", "admin"), ("password", "opora-demo")])
        #expect(missing.status == 403)
        #expect(missing.text.contains("Форма устарела"))
        let wrong = try client.post("/login", form: [("_csrf", "x" + (client.cookies["opora_csrf"] ?? "")), ("login", "admin"), ("password", "opora-demo")])
        #expect(wrong.status == 403)
        #expect(client.cookies["opora_session"] == nil)

        // A signed-in form with another session's token is refused too, and the session stays.
        let other = try app.signedIn("region")
        let otherToken = try other.get("/").csrf ?? ""
        let admin = try app.signedIn("admin")
        let logout = try admin.post("/logout", form: [("_csrf", otherToken)])
        #expect(logout.status == 403)
        #expect(try admin.get("/").status == 200)
    }

    @Test func sessionsExpire() throws {
        let app = try TestApp()
        let client = try app.signedIn("admin")
        #expect(try client.get("/").status == 200)
        app.database.clock.advance(by: 3 * 3600)
        #expect(try client.get("/").status == 302)
    }

    @Test func loginRedirectsOnlyToLocalPaths() throws {
        let app = try TestApp()
        for (next, expected) in [("/schools", "/schools"), ("//evil.example/x", "/"), ("https://evil.example", "/"),
                                 ("/\\evil.example", "/"), ("javascript:alert(1)", "/")] {
            let client = app.client()
            let page = try client.get("/login")
            let response = try client.post("/login", form: [("_csrf", page.csrf ?? ""), ("login", "admin"),
                                                            ("password", "opora-demo"), ("next", next)])
            #expect(response.status == 303)
            #expect(response.header("Location") == expected, "next=\(next)")
        }
    }
}
