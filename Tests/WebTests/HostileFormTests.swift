import Foundation
import Core
import Testing
@testable import Web

/// Hostile input at the application level (issue 8): the form decoder, the multipart parser, paths
/// and redirects. Every case gets its status, and the server keeps serving.
@Suite struct HostileFormTests {
    // MARK: The form decoder alone

    @Test func tenThousandFieldsAreRefused() {
        let body = (0..<10_000).map { "f\($0)=v" }.joined(separator: "&")
        #expect(FormData(urlEncoded: Array(body.utf8)) == nil)
        let atLimit = (0..<FormData.maximumFields).map { "f\($0)=v" }.joined(separator: "&")
        #expect(FormData(urlEncoded: Array(atLimit.utf8))?.fields.count == FormData.maximumFields)
        // Empty pairs (`&&&&`) do not count, and cost nothing.
        #expect(FormData(urlEncoded: Array(String(repeating: "&", count: 100_000).utf8))?.fields.isEmpty == true)
    }

    // The time limit only guards against a hang (a quadratic pass over these inputs would take hours); speed is
    // measured in `make bench`, not asserted here.
    @Test(.timeLimit(.minutes(1))) func oneMegabyteFieldDecodesInOnePass() throws {
        let value = String(repeating: "%D0%AF", count: 1 << 18) // 1.5 MB encoded, 512 KB decoded
        let form = try #require(FormData(urlEncoded: Array("a=\(value)&b=2".utf8)))
        #expect(form["a"]?.utf8.count == 1 << 19)
        #expect(form["b"] == "2")
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var body: String
        /// The decoded fields, or nil when the body must be refused.
        var fields: [String]?
    }

    static let formCases: [Case] = [
        Case(description: "deep percent-encoding is decoded once", body: "p=%252e%252e%252f%25252e", fields: ["p=%2e%2e%2f%252e"]),
        Case(description: "plus is a space, %2B is a plus", body: "a=1+1%2B1", fields: ["a=1 1+1"]),
        Case(description: "Cyrillic", body: "name=%D0%A8%D0%9D%D0%9E%D0%A0", fields: ["name=ШНОР"]),
        Case(description: "CRLF in a value is kept as text", body: "c=a%0D%0ASet-Cookie%3A+x", fields: ["c=a\r\nSet-Cookie: x"]),
        Case(description: "name without a value", body: "a&b=", fields: ["a=", "b="]),
        Case(description: "overlong UTF-8 slash", body: "p=%C0%AF", fields: nil),
        Case(description: "lone continuation byte", body: "p=%80", fields: nil),
        Case(description: "truncated UTF-8", body: "p=%D0", fields: nil),
        Case(description: "UTF-16 surrogate in UTF-8", body: "p=%ED%A0%80", fields: nil),
        Case(description: "code point over U+10FFFF", body: "p=%F4%90%80%80", fields: nil),
        Case(description: "U+00FF sent as UTF-8 is text", body: "p=\u{FF}", fields: ["p=ÿ"]),
        Case(description: "truncated escape", body: "p=%4", fields: nil),
        Case(description: "escape at the end", body: "p=%", fields: nil),
        Case(description: "non-hex escape", body: "p=%zz", fields: nil),
        Case(description: "encoded NUL", body: "p=a%00b", fields: nil),
        Case(description: "encoded NUL in a name", body: "%00=1", fields: nil),
    ]

    @Test(arguments: formCases)
    func decodes(_ c: Case) {
        let form = FormData(urlEncoded: Array(c.body.utf8))
        #expect(form?.fields.map { "\($0.name)=\($0.value)" } == c.fields)
    }

    @Test func rawInvalidUTF8IsRefused() {
        #expect(FormData(urlEncoded: Array("p=a".utf8) + [0xFF, 0xFE]) == nil)
        #expect(FormData(urlEncoded: [0xC0, 0xAF] + Array("=1".utf8)) == nil)
    }

    // MARK: Multipart alone

    static let type = "multipart/form-data; boundary=XyZ"
    static func part(_ disposition: String, _ body: String = "v") -> String {
        "--XyZ\r\nContent-Disposition: \(disposition)\r\n\r\n\(body)\r\n"
    }

    @Test(.timeLimit(.minutes(1))) func multipartShapes() {  // the limit guards against a hang, as above
        func parse(_ body: String, type: String = HostileFormTests.type) -> Result<[MultipartPart], MultipartError> {
            Multipart.parse(body: Array(body.utf8), contentType: type)
        }
        // Missing boundary, in every spelling.
        #expect(parse("--XyZ--", type: "multipart/form-data") == .failure(.missingBoundary))
        #expect(parse("--XyZ--", type: "multipart/form-data; boundary=") == .failure(.malformed("параметр Content-Type")))
        #expect(parse("--XyZ--", type: "multipart/form-data; boundary=\"\"") == .failure(.missingBoundary))
        #expect(parse("--XyZ--", type: "multipart/form-data; charset=utf-8") == .failure(.missingBoundary))
        #expect(parse("--XyZ--", type: "multipart/form-data; boundary=\"XyZ") == .failure(.malformed("параметр Content-Type")))
        // A body whose boundary never appears.
        #expect(parse(Self.part("form-data; name=\"a\"") + "--XyZ--", type: "multipart/form-data; boundary=Other") ==
                .failure(.malformed("нет разделителя частей")))
        // Nested quotes: escaped ones are text, bare ones refuse the part.
        let escaped = parse(Self.part("form-data; name=\"a\\\"b\\\"c\"; filename=\"x\\\"; name=\\\"evil.pdf\"") + "--XyZ--")
        #expect((try? escaped.get())?.map(\.name) == ["a\"b\"c"])
        #expect((try? escaped.get())?.first?.fileName == "x\"; name=\"evil.pdf")
        #expect(throws: MultipartError.self) { try parse(Self.part("form-data; name=\"a\"b\"c\"") + "--XyZ--").get() }
        #expect(throws: MultipartError.self) { try parse(Self.part("form-data; name=\"a\"\"\"") + "--XyZ--").get() }
        #expect(throws: MultipartError.self) { try parse(Self.part("form-data; name=a\"b") + "--XyZ--").get() }
        #expect(throws: MultipartError.self) { try parse(Self.part("form-data; name=\"\"\"; filename=\"a\"") + "--XyZ--").get() }
        // `;` inside quotes does not start a parameter.
        let semicolon = parse(Self.part("form-data; name=\"a;filename=b\"") + "--XyZ--")
        #expect((try? semicolon.get())?.first?.fileName == nil)
        #expect((try? semicolon.get())?.first?.name == "a;filename=b")
        // CR/LF smuggled into a part header refuses the part.
        #expect(throws: MultipartError.self) { try parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\rb\"\r\n\r\nv\r\n--XyZ--").get() }
        // Invalid UTF-8 in part headers.
        var bytes = Array("--XyZ\r\nContent-Disposition: form-data; name=\"".utf8) + [0xC0, 0xAF] + Array("\"\r\n\r\nv\r\n--XyZ--".utf8)
        #expect(throws: MultipartError.self) { try Multipart.parse(body: bytes, contentType: Self.type).get() }
        // Invalid UTF-8 in an RFC 5987 file name.
        #expect(throws: MultipartError.self) {
            try parse(Self.part("form-data; name=\"f\"; filename*=UTF-8''%C0%AF.pdf") + "--XyZ--").get()
        }
        // Too many parts.
        let many = (0..<10_000).map { Self.part("form-data; name=\"f\($0)\"") }.joined() + "--XyZ--"
        #expect(parse(many) == .failure(.tooManyParts))
        // A 1 MB field is one part, found in linear time.
        let big = String(repeating: "я", count: 1 << 19)
        let one = parse(Self.part("form-data; name=\"big\"", big) + "--XyZ--")
        #expect((try? one.get())?.first?.text == big)
        // A body of near-delimiters (CRLF-- and the boundary's prefix) is not quadratic.
        bytes = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".utf8)
            + Array(repeating: Array("\r\n--Xy".utf8), count: 200_000).flatMap { $0 } + Array("\r\n--XyZ--".utf8)
        #expect((try? Multipart.parse(body: bytes, contentType: Self.type).get())?.first?.body.count == 200_000 * 6)
    }

    // MARK: Through a real server

    @Test func hostileRequestsGetTheirStatusAndTheServerGoesOn() throws {
        let app = try TestApp()
        let anonymous = app.client()
        let login = try anonymous.get("/login")
        let csrf = try #require(login.csrf)
        func urlencoded(_ client: TestClient, _ path: String, _ body: String) throws -> TestClient.Response {
            try client.send("POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
        }
        // 10,000 form fields.
        let tenThousand = "_csrf=\(csrf)&" + (0..<10_000).map { "f\($0)=v" }.joined(separator: "&")
        #expect(try urlencoded(anonymous, "/login", tenThousand).status == 400)
        // A 1 MB password: refused as a wrong password, not a crash, no session.
        let huge = try urlencoded(anonymous, "/login", "_csrf=\(csrf)&login=admin&password=" + String(repeating: "x", count: 1_000_000))
        #expect(huge.status == 200)
        #expect(anonymous.cookies[OporaApp.sessionCookie] == nil)
        // Over the form limit.
        #expect(try urlencoded(anonymous, "/login", "_csrf=\(csrf)&password=" + String(repeating: "x", count: 2 << 20)).status == 413)
        // Invalid UTF-8 and NUL in the form, the query and the path.
        #expect(try urlencoded(anonymous, "/login", "_csrf=\(csrf)&login=%C0%AF&password=x").status == 400)
        #expect(try urlencoded(anonymous, "/login", "_csrf=\(csrf)&login=admin%00&password=x").status == 400)
        #expect(try anonymous.get("/login?next=%FF").status == 400)
        #expect(try anonymous.get("/schools/%C0%AF").status == 400)
        #expect(try anonymous.get("/schools/%00").status == 400)
        #expect(try anonymous.get("/static/..%2f..%2fetc%2fpasswd").status == 400)
        // Deep percent-encoding and dot segments do not escape Public/.
        for path in ["/static/%2e%2e/%2e%2e/Package.swift", "/static/%252e%252e/%252e%252e/Package.swift",
                     "/static/%25252e%25252e/Package.swift", "/static/.%2e/README.md", "/static/%2e/opora.css"] {
            let r = try anonymous.get(path)
            #expect(r.status == 404, "\(path)")
            #expect(!r.text.contains("swift-tools-version"), "\(path)")
        }
        // A form to a route that takes none in multipart, and multipart shapes to an upload route.
        let director = try app.signedIn("director-ku")
        let school = try app.schoolId(ofDirector: "director-ku")
        let token = try #require(try director.get("/schools/\(school)").csrf)
        let upload = "/schools/\(school)/documents"
        func multipart(_ type: String, _ body: String) throws -> Int {
            try director.send("POST", upload, headers: [("Content-Type", type)], body: Array(body.utf8)).status
        }
        let field = "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n"
        #expect(try multipart("multipart/form-data", field + "--XyZ--") == 400)                 // missing boundary
        #expect(try multipart("multipart/form-data; boundary=", field + "--XyZ--") == 400)
        #expect(try multipart(Self.type, field + Self.part("form-data; name=\"a\"b\"") + "--XyZ--") == 400) // nested quotes
        #expect(try multipart(Self.type, field + (0..<10_000).map { Self.part("form-data; name=\"f\($0)\"") }.joined() + "--XyZ--") == 400)
        #expect(try multipart(Self.type, field + Self.part("form-data; name=\"t\"", "\u{FFFD}") + "--XyZ") == 400) // unterminated
        let badText = Array((field + "--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n").utf8) + [0xFF] + Array("\r\n--XyZ--".utf8)
        #expect(try director.send("POST", upload, headers: [("Content-Type", Self.type)], body: badText).status == 400)
        #expect(try multipart("multipart/mixed; boundary=XyZ", field + "--XyZ--") == 400)          // not form-data
        #expect(try urlencoded(director, "/schools/\(school)/documents", "_csrf=\(token)&kind=%FF").status == 400)
        // Header injection through the redirect after login: the target is encoded, never a header line.
        let injected = try anonymous.get("/schools?x=%0D%0ASet-Cookie:%20evil=1")
        #expect(injected.status == 302)
        #expect(injected.headers("Set-Cookie").allSatisfy { !$0.contains("evil") })
        #expect(injected.header("Location")?.contains("\r") == false)
        let fresh = app.client()
        let page = try fresh.get("/login")
        let next = try fresh.post("/login?next=%0D%0ALocation:%20http://evil", form: [
            ("_csrf", page.csrf ?? ""), ("login", "region"), ("password", "opora-demo"), ("next", "/\r\nLocation: http://evil")])
        #expect(next.status == 303)
        #expect(next.headers("Location").count == 1)
        #expect(next.header("Location")?.contains("evil") == false)
        // Issue 13: a 400 KB login is a form error, not a stored row; rotating X-Forwarded-For from one peer (no proxy
        // is trusted) does not buy a fresh budget of attempts.
        let flooder = app.client(from: "127.0.0.9")
        let floodPage = try flooder.get("/login")
        let longLogin = try flooder.post("/login", form: [("_csrf", floodPage.csrf ?? ""), ("login", String(repeating: "л", count: 100_000)),
                                                          ("password", "x")])
        #expect(longLogin.status == 200 && longLogin.text.contains("Логин не длиннее 100 символов"))
        let spoofed = try (0...LoginLimits().burst).map { i in
            try flooder.post("/login", form: [("_csrf", floodPage.csrf ?? ""), ("login", "user-\(i)"), ("password", "guess-\(i)")],
                             headers: [("X-Forwarded-For", "203.0.113.\(i)")]).status
        }
        #expect(spoofed.last == 429, "\(spoofed)")
        #expect(try app.count("SELECT COUNT(*) FROM loginThrottle WHERE length(key) <> 64") == 0)
        // Nothing of the above broke the server or the sessions.
        #expect(try app.client().get("/healthz").status == 200)
        #expect(try director.get("/schools/\(school)").status == 200)
    }
}
