@testable import Core
import Foundation
import GRDB
import Testing
import Web

/// Security headers every response must carry, whatever produced it.
enum SecurityHeaderCheck {
    static let referrerPolicies: Set<String> = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]

    /// Several policies may be sent (a download adds `sandbox`); the browser enforces each, so a restriction holds
    /// when any policy makes it and no policy may relax scripts.
    static func problems(_ response: TestClient.Response) -> [String] {
        var problems: [String] = []
        let policies = response.headers("Content-Security-Policy").map { csp in
            Dictionary(csp.split(separator: ";").compactMap { part -> (String, String)? in
                let words = part.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                guard let name = words.first else { return nil }
                return (name.lowercased(), words.count > 1 ? String(words[1]) : "")
            }, uniquingKeysWith: { first, _ in first })
        }
        if policies.isEmpty { problems.append("no Content-Security-Policy") }
        for csp in response.headers("Content-Security-Policy")
        where csp.contains("'unsafe-inline'") || csp.contains("'unsafe-eval'") || csp.contains("'unsafe-hashes'") {
            problems.append("Content-Security-Policy allows inline or evaluated code: \(csp)")
        }
        func restricts(_ directive: String, _ strict: (String) -> Bool) -> Bool {
            policies.contains { policy in (policy[directive] ?? policy["default-src"]).map(strict) ?? false }
        }
        let noWildcards = { (sources: String) in
            !sources.contains("*") && !sources.contains("data:") && !sources.contains("http:") && !sources.contains("https:")
        }
        if !restricts("script-src", noWildcards) { problems.append("Content-Security-Policy does not restrict scripts") }
        if !restricts("object-src", { $0 == "'none'" }) { problems.append("Content-Security-Policy lacks object-src 'none'") }
        if !policies.contains(where: { $0["base-uri"] != nil || $0["sandbox"] != nil }) {
            problems.append("Content-Security-Policy lacks base-uri")
        }
        let framing = policies.contains { $0["frame-ancestors"] == "'none'" } || response.header("X-Frame-Options")?.uppercased() == "DENY"
        if !framing { problems.append("framing allowed: neither frame-ancestors 'none' nor X-Frame-Options DENY") }
        if response.header("X-Content-Type-Options")?.lowercased() != "nosniff" { problems.append("no X-Content-Type-Options: nosniff") }
        if !referrerPolicies.contains(response.header("Referrer-Policy")?.lowercased() ?? "") {
            problems.append("Referrer-Policy \(response.header("Referrer-Policy") ?? "missing")")
        }
        return problems
    }
}

/// Where a login may send the browser on: a path of this site only.
enum LocalRedirect {
    static func isLocal(_ location: String) -> Bool {
        // Browsers drop tabs and newlines from URLs and read `\` as `/`: judge the location as they would.
        let seen = String(location.unicodeScalars.filter { !($0 == "\t" || $0 == "\n" || $0 == "\r") }.map(Character.init))
            .replacingOccurrences(of: "\\", with: "/")
        guard seen.hasPrefix("/"), !seen.hasPrefix("//") else { return false }
        return !location.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }
    }
}

@Suite struct SessionSecurityTests {
    static let hostileNext = [
        "https://evil.example", "http:evil.example", "https:/evil.example", "//evil.example", "///evil.example",
        "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "\\/evil.example", "%2F%2Fevil.example",
        "/%2F/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\nSet-Cookie: pwned=1", " //evil.example",
        "\t//evil.example", "//evil.example@127.0.0.1", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
        "/\u{0}/evil.example", "/%09/evil.example", "/%5Cevil.example", "//%65vil.example", "/ /evil.example",
    ]

    /// `value` as a query parameter, percent-encoded once (so `%2F%2F` arrives as itself, decoded once by the app).
    static func query(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    @Test func theLoginSendsOnlyToLocalPaths() throws {
        let app = try TestApp(workingCycle: false)
        for next in Self.hostileNext + Self.hostileNext.map({ $0.removingPercentEncoding ?? $0 }) {
            // Through the login form.
            let visitor = app.client()
            let page = try visitor.get("/login?next=" + Self.query(next))
            if next.unicodeScalars.contains("\u{0}") {
                // The form decoder refuses an encoded NUL outright (HostileFormTests): a 400 with no redirect.
                #expect(page.status == 400 && page.header("Location") == nil, "next=\(next.debugDescription): \(page.status)")
                continue
            }
            #expect(page.status == 200)
            #expect(XSSPayload.problems(in: page.text).isEmpty, "next=\(next.debugDescription) shows live markup")
            let response = try visitor.post("/login", form: [("_csrf", page.csrf ?? ""), ("login", "mun-ku"),
                                                             ("password", "opora-demo"), ("next", next)])
            #expect(response.status == 303, "next=\(next.debugDescription): \(response.status)")
            let location = response.header("Location") ?? ""
            #expect(LocalRedirect.isLocal(location), "next=\(next.debugDescription) sent the browser to \(location.debugDescription)")
            #expect(response.headers("Set-Cookie").allSatisfy { !$0.contains("pwned") })
            // The login page of someone already signed in sends them on at once.
            let again = try visitor.get("/login?next=" + Self.query(next))
            #expect(again.status == 302)
            let onward = again.header("Location") ?? ""
            #expect(LocalRedirect.isLocal(onward),
                    "signed in, next=\(next.debugDescription) sent the browser to \(onward.debugDescription)")
        }
        // A local path still works.
        let visitor = app.client()
        let page = try visitor.get("/login?next=%2Fschools%3Fq%3D1")
        let response = try visitor.post("/login", form: [("_csrf", page.csrf ?? ""), ("login", "mun-ku"),
                                                         ("password", "opora-demo"), ("next", "/schools?q=1")])
        #expect(response.header("Location") == "/schools?q=1")
    }

    /// Issue 13, item 6: `back` (watch/unwatch) and `return` (comments) go through the same check as `next`:
    /// TAB, DEL, ESC and the other hostile targets fall back to a page of this site.
    @Test func everyRedirectTargetTakenFromInputStaysLocal() throws {
        let app = try TestApp(workingCycle: false)
        let client = try app.signedIn("mun-ku")
        let school = try app.schoolId(ofDirector: "director-ku")
        let token = try #require(try client.get("/schools/\(school)").csrf)
        let extra = ["/\u{7F}/evil.example", "/\u{1B}/evil.example", "/\u{0B}/evil.example", "/\u{0C}/evil.example",
                     "/\u{85}/evil.example", "/\u{2028}/evil.example", "/%7F/evil.example", "/%1B/evil.example"]
        for back in Self.hostileNext + Self.hostileNext.map({ $0.removingPercentEncoding ?? $0 }) + extra {
            for action in ["watch", "unwatch"] {
                let response = try client.post("/schools/\(school)/\(action)", form: [("_csrf", token), ("back", back)])
                if back.unicodeScalars.contains("\u{0}") {
                    #expect(response.status == 400 && response.header("Location") == nil)
                    continue
                }
                #expect(response.status == 303, "back=\(back.debugDescription): \(response.status)")
                let location = response.header("Location") ?? ""
                #expect(LocalRedirect.isLocal(location), "back=\(back.debugDescription) sent the browser to \(location.debugDescription)")
                if back.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value >= 0x7F }) {
                    #expect(location == "/schools/\(school)?notice=saved", "back=\(back.debugDescription): \(location.debugDescription)")
                }
            }
        }
        let kept = try client.post("/schools/\(school)/watch", form: [("_csrf", token), ("back", "/schools?q=%D0%A8")])
        #expect(kept.header("Location") == "/schools?q=%D0%A8&notice=saved")
    }

    @Test func theSessionIdRotatesAtLoginAndDiesAtLogout() throws {
        let app = try TestApp(workingCycle: false)
        let client = app.client()
        // An id planted before login (say by a script on a sibling site) is not the one after.
        client.cookies[OporaApp.sessionCookie] = "planted-by-an-attacker-0123456789abcdefghijklmnop"
        let visitorPage = try client.get("/login")
        let visitorToken = try #require(visitorPage.csrf)
        let login = try client.post("/login", form: [("_csrf", visitorToken), ("login", "mun-ku"), ("password", "opora-demo")])
        #expect(login.status == 303)
        let first = try #require(client.cookies[OporaApp.sessionCookie])
        #expect(first != "planted-by-an-attacker-0123456789abcdefghijklmnop")
        let home = try client.get("/")
        #expect(home.status == 200)
        let sessionToken = try #require(home.csrf)
        #expect(sessionToken != visitorToken, "the visitor's CSRF token lives on into the session")

        // Logging in again (another user at the same browser) gives a new id, and the old one no longer opens anything.
        let relogin = try client.post("/login", form: [("_csrf", sessionToken), ("login", "director-ku"), ("password", "opora-demo")])
        #expect(relogin.status == 303)
        let second = try #require(client.cookies[OporaApp.sessionCookie])
        #expect(second != first)
        let replay = app.client()
        replay.cookies[OporaApp.sessionCookie] = first
        #expect(try replay.get("/").status == 302, "the session before the second login still opens pages")

        // Logout ends the session on the server: the cookie replayed afterwards opens nothing, its token posts nothing.
        let token = try client.get("/").csrf ?? ""
        #expect(try client.post("/logout", form: [("_csrf", token)]).status == 303)
        let stolen = app.client()
        stolen.cookies[OporaApp.sessionCookie] = second
        #expect(try stolen.get("/").status == 302)
        #expect(try app.count("SELECT COUNT(*) FROM session WHERE revokedAt IS NULL AND userId = (SELECT id FROM user WHERE login = 'director-ku')") == 0)
    }

    /// 50 wrong passwords at once for one login (in several spellings): no more than the free attempts are checked,
    /// the rest are refused, and while blocked even the right password is refused.
    @Test func throttlingHoldsUnderParallelAttempts() throws {
        // Room in the address budget: this is about the per-login delay (the budget has its own tests).
        var limits = TestApp.loginLimits
        limits.burst = 1_000
        let app = try TestApp(workingCycle: false, loginLimits: limits)
        let attempts = 50
        var prepared: [(TestClient, String)] = []
        for _ in 0..<attempts { prepared.append(try SecuritySweep.client(app, as: .anonymous)) }
        let spellings = ["director-ku-02", "DIRECTOR-KU-02", " director-ku-02 ", "Director-Ku-02"]
        let results = Locked<[Int]>([])
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for (index, (client, token)) in prepared.enumerated() {
            group.enter()
            let login = spellings[index % spellings.count]
            let thread = Thread {
                start.wait()
                let status = (try? client.post("/login", form: [("_csrf", token), ("login", login), ("password", "wrong-\(index)")]))?.status ?? -1
                results.mutate { $0.append(status) }
                group.leave()
            }
            thread.start()
        }
        for _ in 0..<attempts { start.signal() }
        group.wait()
        let statuses = results.value
        let checked = statuses.filter { $0 == 200 }.count
        let refused = statuses.filter { $0 == 429 }.count
        #expect(checked + refused == attempts, "unexpected answers: \(statuses.sorted())")
        #expect(checked <= Authentication.freeAttempts, "\(checked) passwords were checked, at most \(Authentication.freeAttempts) may be")
        #expect(refused >= attempts - Authentication.freeAttempts)
        // One row for the login in every spelling from this address, holding no login text.
        #expect(try app.count("SELECT COUNT(*) FROM loginThrottle") == 1)
        #expect(try app.count("SELECT failures FROM loginThrottle") == checked)

        // Still blocked (the clock is held inside the block, however long the burst took): the right password is refused.
        let blockedUntil = try #require(try app.database.read { try Date.fetchOne($0, sql: "SELECT blockedUntil FROM loginThrottle") })
        let left = blockedUntil.timeIntervalSince(app.database.now)
        if left < 1 { app.database.clock.advance(by: left - 1) }
        let right = try app.client().logIn("director-ku-02")
        #expect(right.status == 429, "the right password during the block: \(right.status)")
        #expect(right.header("Retry-After") != nil)
        #expect(right.headers("Set-Cookie").allSatisfy { !$0.hasPrefix(OporaApp.sessionCookie + "=") })
        // Once the block is over the right password works again.
        app.database.clock.advance(by: blockedUntil.timeIntervalSince(app.database.now) + 1)
        #expect(try app.client().logIn("director-ku-02").status == 303)
    }

    /// Responses made outside the routes: the server's own errors, the router's 404 and 405, static files and 304s.
    @Test func securityHeadersOnEveryKindOfResponse() throws {
        let app = try TestApp(workingCycle: false)
        let visitor = app.client()
        let admin = try app.signedIn("admin")
        var responses: [(String, TestClient.Response)] = [
            ("the login page", try visitor.get("/login")),
            ("a page", try admin.get("/schools")),
            ("a redirect to the login", try visitor.get("/schools")),
            ("the router's 404", try admin.get("/no-such-page")),
            ("a 404 to a visitor", try visitor.get("/no-such-page")),
            ("a 405", try admin.send("DELETE", "/schools", headers: [], body: [])),
            ("a static file", try visitor.get("/static/opora.css")),
            ("a missing static file", try visitor.get("/static/nothing.css")),
            ("the favicon", try visitor.get("/favicon.ico")),
            ("the health check", try visitor.get("/healthz")),
            ("a 403 (no CSRF token)", try admin.post("/logout", form: [])),
            ("a bad query", try admin.get("/schools?q=%ZZ")),
            ("a CSV download", try admin.get("/results/template.csv")),
            ("an XLSX download", try admin.get("/results/template.xlsx")),
        ]
        let css = responses.first { $0.0 == "a static file" }!.1
        if let etag = css.header("ETag") {
            responses.append(("a 304", try visitor.get("/static/opora.css", headers: [("If-None-Match", etag)])))
        }
        // The server's own answers to broken requests.
        for (what, raw) in [("a malformed request line", "GARBAGE\r\n\r\n"),
                            ("an over-long URI", "GET /" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                            ("an unsupported transfer coding", "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"),
                            ("an over-large body", "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n")] {
            let bytes = try RawSocket.exchange(port: app.port, bytes: Array(raw.utf8))
            responses.append((what, try TestClient.parse(bytes)))
        }
        for (what, response) in responses {
            #expect(SecurityHeaderCheck.problems(response).isEmpty, "\(what) (\(response.status)): \(SecurityHeaderCheck.problems(response))")
        }
        #expect(Set(responses.map(\.1.status)).isSuperset(of: [200, 302, 304, 400, 403, 404, 405]), "\(responses.map(\.1.status))")
    }
}

/// A value guarded by a lock, for results gathered from threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
