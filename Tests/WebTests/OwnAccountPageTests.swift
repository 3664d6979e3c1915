import Foundation
import Testing

/// `/account`: every signed-in user's own page, linked from their name in the header.
@Suite struct OwnAccountPageTests {
    @Test func directorSeesTheirNameLoginRoleAndSchoolAndAPasswordLink() throws {
        let app = try TestApp(workingCycle: false)
        let director = try app.signedIn("director-ku")
        let home = try director.get("/")
        #expect(home.text.contains("id=\"current-user\" class=\"site-header__account\" href=\"/account\""))
        let page = try director.get("/account")
        #expect(page.status == 200)
        #expect(page.text.contains("<dt>Логин</dt><dd>director-ku</dd>"))
        #expect(page.text.contains("<dt>Роль</dt><dd>Директор школы"))
        #expect(page.text.contains("<dt>Школа</dt>"))
        #expect(page.text.contains("href=\"/account/password\""))
    }

    @Test func coordinatorSeesTheirMunicipalityAndNoSchool() throws {
        let app = try TestApp(workingCycle: false)
        let page = try app.signedIn("mun-ku").get("/account")
        #expect(page.status == 200)
        #expect(page.text.contains("<dt>Логин</dt><dd>mun-ku</dd>"))
        #expect(page.text.contains("<dt>Муниципалитет</dt>"))
        #expect(!page.text.contains("<dt>Школа</dt>"))
    }

    @Test func anonymousGoesToLogin() throws {
        let app = try TestApp(workingCycle: false)
        let response = try app.client().get("/account")
        #expect(response.status == 302)
        #expect(response.header("Location")?.hasPrefix("/login") == true)
    }
}
