import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPServer

/// Real attack shapes against the request parser (issue 8): request smuggling variants, obfuscated
/// framing headers, chunk abuse, line-ending tricks, injection bytes, absurd methods and targets.
/// Each case has its exact outcome; the error cases are also sent to a real server, which must
/// answer that status, close, and go on serving a new connection.
let hostileCases: [ParserCase] = {
    var c: [ParserCase] = []
    func ok(_ name: String, _ raw: String, _ expected: ParseOutcome) {
        c.append(ParserCase(name: name, raw: bytes(raw), expected: [expected]))
    }
    func outcomes(_ name: String, _ raw: String, _ expected: [ParseOutcome]) {
        c.append(ParserCase(name: name, raw: bytes(raw), expected: expected))
    }
    func status(_ name: String, _ raw: [UInt8], _ code: Int) {
        c.append(ParserCase(name: name, raw: raw, expected: [.error(code)]))
    }
    func status(_ name: String, _ raw: String, _ code: Int) { status(name, bytes(raw), code) }
    let post = "POST /x HTTP/1.1\r\n\(h11)"
    let chunkedHead = "\(post)Transfer-Encoding: chunked\r\n\r\n"

    // Smuggling: two framings, or one framing two ways.
    status("TE before CL", "\(post)Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400)
    status("CL + TE identity", "\(post)Content-Length: 5\r\nTransfer-Encoding: identity\r\n\r\nhello", 400)
    status("CL: 0 + TE chunked", "\(post)Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
    status("CL 5 and CL 05", "\(post)Content-Length: 5\r\nContent-Length: 05\r\n\r\nhello", 400)
    status("CL 0 then CL 44", "\(post)Content-Length: 0\r\nContent-Length: 44\r\n\r\nGET /admin HTTP/1.1\r\nHost: example.com\r\n\r\n", 400)
    status("CL in hex", "\(post)Content-Length: 0x5\r\n\r\nhello", 400)
    status("CL with a decimal point", "\(post)Content-Length: 5.0\r\n\r\nhello", 400)
    status("CL in exponent form", "\(post)Content-Length: 1e1\r\n\r\nhelloworld", 400)
    status("CL with an inner space", "\(post)Content-Length: 1 0\r\n\r\nhelloworld", 400)
    status("CL with a vertical tab", bytes("\(post)Content-Length: 5") + [0x0B] + bytes("\r\n\r\nhello"), 400)
    status("CL of Int.max", "\(post)Content-Length: 9223372036854775807\r\n\r\n", 400)
    status("CL with 18 digits over the limit", "\(post)Content-Length: 999999999999999999\r\n\r\n", 413)
    status("TE: chunked, identity", "\(post)Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 400)
    status("TE: identity, chunked", "\(post)Transfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n", 501)
    status("TE: chunked, chunked", "\(post)Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400)
    status("TE chunked then TE identity", "\(post)Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n", 400)
    status("space before the colon of TE", "\(post)Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400)
    status("tab before the colon of TE", "\(post)Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n", 400)
    status("TE: xchunked", "\(post)Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 501)
    status("TE: chunkedx", "\(post)Transfer-Encoding: chunkedx\r\n\r\n0\r\n\r\n", 501)
    status("TE: quoted chunked", "\(post)Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n", 501)
    status("TE: chunked with a parameter", "\(post)Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n", 501)
    status("TE: empty", "\(post)Transfer-Encoding:\r\n\r\n", 400)
    status("TE: only commas", "\(post)Transfer-Encoding: , ,\r\n\r\n", 400)
    status("TE with a vertical tab", bytes("\(post)Transfer-Encoding:") + [0x0B] + bytes("chunked\r\n\r\n0\r\n\r\n"), 400)
    status("TE with a form feed", bytes("\(post)Transfer-Encoding: chunked") + [0x0C] + bytes("\r\n\r\n0\r\n\r\n"), 400)
    status("TE with a NUL", bytes("\(post)Transfer-Encoding: chunked") + [0] + bytes("\r\n\r\n0\r\n\r\n"), 400)
    status("TE folded onto the next line", "\(post)Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400)
    status("TE as the first field, indented", "POST /x HTTP/1.1\r\n Transfer-Encoding: chunked\r\n\(h11)\r\n0\r\n\r\n", 400)
    status("TE behind a bare LF", "\(post)X-A: 1\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
    status("TE behind a bare CR", "\(post)X-A: 1\rTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
    status("TE name with a non-ASCII byte", bytes("\(post)Transfer-Encodin") + [0xC4, 0x9F] + bytes(": chunked\r\n\r\n0\r\n\r\n"), 400)
    var r = "\(post)Transfer-Encoding:\tchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    ok("TE: tab then chunked is chunked (OWS)", r, req("POST", "/x", body: "hello", raw: r))
    r = "\(post)Transfer-Encoding:chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    ok("TE:chunked without a space", r, req("POST", "/x", body: "hello", raw: r))
    r = "\(post)Transfer-Encoding: cHuNkEd\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    ok("TE in mixed case", r, req("POST", "/x", body: "hello", raw: r))
    // An unknown look-alike name is just a header: the body is not chunked, and its bytes are the next (bad) request.
    r = "\(post)Transfer_Encoding: chunked\r\n\r\n0\r\n\r\n"
    outcomes("Transfer_Encoding is not Transfer-Encoding", r,
             [req("POST", "/x", headers: ["Host: example.com", "Transfer_Encoding: chunked"], raw: ""), .error(400)])
    // A body that holds a request is body, not a second request.
    let inner = "GET /admin HTTP/1.1\r\nHost: evil\r\n\r\n"
    r = "\(post)Content-Length: \(inner.utf8.count)\r\n\r\n\(inner)"
    ok("a request inside a counted body stays body", r, req("POST", "/x", body: inner, raw: r))
    r = "POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    ok("HTTP/1.0 chunked closes afterwards", r, req("POST", "/x", version: .http10, body: "hello", keepAlive: false, raw: r))

    // Chunk abuse.
    status("chunk size of 16 hex digits overflows", "\(chunkedHead)8000000000000000\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk size of Int.max is over the limit", "\(chunkedHead)7FFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n", 413)
    status("chunk size of 100 digits", "\(chunkedHead)\(String(repeating: "F", count: 100))\r\nhello\r\n0\r\n\r\n", 400)
    status("second chunk overflows the sum", "\(chunkedHead)5\r\nhello\r\n7FFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n", 413)
    r = "\(chunkedHead)\(String(repeating: "0", count: 40))5\r\nhello\r\n0\r\n\r\n"
    ok("chunk size with 40 leading zeros", r, req("POST", "/x", body: "hello", raw: r))
    status("chunk size, space, digit", "\(chunkedHead)5 5\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk size, space, letter", "\(chunkedHead)5 x\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk size with a leading space", "\(chunkedHead) 5\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk size with a plus", "\(chunkedHead)+5\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk size with an underscore", "\(chunkedHead)1_0\r\nhello\r\n0\r\n\r\n", 400)
    r = "\(chunkedHead)5 ;a=b\r\nhello\r\n0\r\n\r\n"
    ok("chunk size, BWS, extension", r, req("POST", "/x", body: "hello", raw: r))
    r = "\(chunkedHead)5 \t \r\nhello\r\n0\r\n\r\n"
    ok("chunk size with trailing BWS", r, req("POST", "/x", body: "hello", raw: r))
    status("chunk extension of 5,000 bytes", "\(chunkedHead)5;\(String(repeating: "a", count: 5000))\r\nhello\r\n0\r\n\r\n", 400)
    status("10,000 chunk extensions", "\(chunkedHead)5" + String(repeating: ";a", count: 10_000) + "\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk extension with a NUL", bytes("\(chunkedHead)5;a=") + [0] + bytes("\r\nhello\r\n0\r\n\r\n"), 400)
    status("chunk extension with a bare LF", "\(chunkedHead)5;a\nhello\r\n0\r\n\r\n", 400)
    status("chunk extension with a bare CR", "\(chunkedHead)5;a\rb\r\nhello\r\n0\r\n\r\n", 400)
    // A quoted extension does not hide a line end: the line ends at the CRLF, and the rest is refused as a request.
    r = "\(chunkedHead)5;a=\"x\r\nhello\r\n0\r\n\r\n\"\r\nhello\r\n0\r\n\r\n"
    outcomes("chunk extension hiding CRLF in quotes", r,
             [req("POST", "/x", headers: ["Host: example.com", "Transfer-Encoding: chunked"], body: "hello", raw: ""), .error(400)])
    status("chunk data longer than its size", "\(chunkedHead)3\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk data shorter than its size", "\(chunkedHead)9\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk data ended by a bare LF", "\(chunkedHead)5\r\nhello\n0\r\n\r\n", 400)
    status("last chunk ended by a bare LF", "\(chunkedHead)5\r\nhello\r\n0\n\r\n", 400)
    status("trailer with a NUL", bytes("\(chunkedHead)0\r\nX: a") + [0] + bytes("\r\n\r\n"), 400)
    status("endless trailer", "\(chunkedHead)0\r\n" + String(repeating: "X-T: a\r\n", count: 5000) + "\r\n", 431)
    r = "\(chunkedHead)5\r\nhello\r\n0\r\nContent-Length: 50\r\nTransfer-Encoding: gzip\r\n\r\n"
    ok("framing fields in the trailer are ignored", r, req("POST", "/x", body: "hello", raw: r))
    r = "\(chunkedHead)0;final=1\r\n\r\n"
    ok("last chunk with an extension", r, req("POST", "/x", raw: r))
    outcomes("missing last-chunk CRLF is incomplete", "\(chunkedHead)5\r\nhello\r\n0\r\n", [.incomplete])

    // Line endings and folding.
    status("bare LF after the request line only", "GET / HTTP/1.1\n\(h11)\r\n", 400)
    status("bare LF ends the head", "GET / HTTP/1.1\r\n\(h11)\n", 400)
    status("CR CR LF", "GET / HTTP/1.1\r\r\n\(h11)\r\n", 400)
    status("bare CR line ends", "GET / HTTP/1.1\rHost: example.com\r\r", 400)
    status("LF CR line ends", "GET / HTTP/1.1\n\rHost: example.com\n\r\n\r", 400)
    status("obs-fold with a tab", "GET / HTTP/1.1\r\n\(h11)X-A: one\r\n\ttwo\r\n\r\n", 400)
    status("obs-fold of Host", "GET / HTTP/1.1\r\nHost:\r\n example.com\r\n\r\n", 400)
    status("17 empty lines before the request", String(repeating: "\r\n", count: 17) + "GET / HTTP/1.1\r\n\(h11)\r\n", 400)

    // Injection bytes.
    status("CRLF injected through a continuation-less line", "GET / HTTP/1.1\r\n\(h11)X-A: a\r\nSet-Cookie x\r\n\r\n", 400)
    status("NUL in a field name", bytes("GET / HTTP/1.1\r\n\(h11)X-") + [0] + bytes("A: b\r\n\r\n"), 400)
    status("NUL in the method", bytes("G") + [0] + bytes("ET / HTTP/1.1\r\n\(h11)\r\n"), 400)
    status("NUL after the version", bytes("GET / HTTP/1.1") + [0] + bytes("\r\n\(h11)\r\n"), 400)
    status("NUL as the whole request", [UInt8](repeating: 0, count: 64) + bytes("\r\n\r\n"), 400)
    status("DEL in a value", bytes("GET / HTTP/1.1\r\n\(h11)X-A: a") + [0x7F] + bytes("\r\n\r\n"), 400)
    status("ESC in a value", bytes("GET / HTTP/1.1\r\n\(h11)X-A: \u{1B}[31m\r\n\r\n"), 400)
    status("tab in the target", "GET /a\tb HTTP/1.1\r\n\(h11)\r\n", 400)
    status("invalid UTF-8 bytes in the target", bytes("GET /") + [0xC0, 0xAF, 0xFF] + bytes(" HTTP/1.1\r\n\(h11)\r\n"), 400)
    status("CRLF in the Host value", "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400)
    status("Host with a NUL", bytes("GET / HTTP/1.1\r\nHost: a") + [0] + bytes(".com\r\n\r\n"), 400)
    status("TLS ClientHello on the plain port", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + bytes("\r\n\r\n"), 400)

    // Absurd methods.
    r = "ABCDEFGHIJKLMNOPQRST / HTTP/1.1\r\n\(h11)\r\n"
    ok("20-letter method reaches the handler", r, req("ABCDEFGHIJKLMNOPQRST", "/", raw: r))
    status("21-letter method", "ABCDEFGHIJKLMNOPQRSTU / HTTP/1.1\r\n\(h11)\r\n", 501)
    status("method of 8,000 letters", "\(String(repeating: "X", count: 8000)) / HTTP/1.1\r\n\(h11)\r\n", 501)
    status("method of 100,000 letters", "\(String(repeating: "X", count: 100_000)) / HTTP/1.1\r\n\(h11)\r\n", 414)
    status("method with digits", "GET2 / HTTP/1.1\r\n\(h11)\r\n", 501)
    status("mixed-case method", "Get / HTTP/1.1\r\n\(h11)\r\n", 501)
    status("method with a slash", "GET/ / HTTP/1.1\r\n\(h11)\r\n", 400)
    status("method in UTF-8", bytes("ПОЛУЧИТЬ / HTTP/1.1\r\n\(h11)\r\n"), 400)
    status("two methods", "GET POST / HTTP/1.1\r\n\(h11)\r\n", 400)
    status("method only", "GET\r\n\(h11)\r\n", 400)
    status("CONNECT tunnel", "CONNECT 127.0.0.1:22 HTTP/1.1\r\n\(h11)\r\n", 400)
    status("HTTP/2 preface as a request", "PRI * HTTP/2.0\r\n\r\n", 505)
    status("HTTP/9.9", "GET / HTTP/9.9\r\n\(h11)\r\n", 505)
    status("HTTP/1.2 posing as 1.1", "GET / HTTP/1.2\r\n\(h11)\r\n", 505)
    status("HTTP/1.9 with a chunked body", "POST /x HTTP/1.9\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 505)
    status("HTTP/1.01", "GET / HTTP/1.01\r\n\(h11)\r\n", 505)
    status("HTTP/01.1", "GET / HTTP/01.1\r\n\(h11)\r\n", 505)
    status("version with a 7-digit minor", "GET / HTTP/1.1111111\r\n\(h11)\r\n", 400)
    status("version with spaces", "GET / HTTP/ 1.1\r\n\(h11)\r\n", 400)

    // Targets.
    let atLimit = "GET /" + String(repeating: "a", count: 8192 - 14) + " HTTP/1.1"
    r = atLimit + "\r\n\(h11)\r\n"
    ok("request line of exactly 8,192 bytes", r, req("GET", "/" + String(repeating: "a", count: 8192 - 14), raw: r))
    status("request line of 8,193 bytes", "GET /" + String(repeating: "a", count: 8192 - 13) + " HTTP/1.1\r\n\(h11)\r\n", 414)
    status("target of 1 MB", "GET /\(longLine) HTTP/1.1\r\n\(h11)\r\n", 414)
    status("query of 100 KB", "GET /?q=\(String(repeating: "%41", count: 33_000)) HTTP/1.1\r\n\(h11)\r\n", 414)
    let deep = "/static/%252e%252e/%252e%252e/%25252e%25252e/etc/passwd"
    r = "GET \(deep) HTTP/1.1\r\n\(h11)\r\n"
    ok("deep percent-encoding is passed through undecoded", r, req("GET", deep, raw: r))
    r = "GET /%2e%2e/%2e%2e/etc/passwd?x=%00 HTTP/1.1\r\n\(h11)\r\n"
    ok("encoded dot-dot and NUL stay encoded", r, req("GET", "/%2e%2e/%2e%2e/etc/passwd?x=%00", path: "/%2e%2e/%2e%2e/etc/passwd", query: "x=%00", raw: r))
    r = "GET /schools/%C0%AF%FF HTTP/1.1\r\n\(h11)\r\n"
    ok("encoded invalid UTF-8 stays encoded", r, req("GET", "/schools/%C0%AF%FF", raw: r))
    status("fragment-only target", "GET #x HTTP/1.1\r\n\(h11)\r\n", 400)
    status("backslash target", "GET \\..\\..\\windows HTTP/1.1\r\n\(h11)\r\n", 400)
    status("file: scheme target", "GET file:///etc/passwd HTTP/1.1\r\n\(h11)\r\n", 400)
    status("absolute-form without authority", "GET http:///x HTTP/1.1\r\n\(h11)\r\n", 400)

    // Sizes of the head.
    status("one 40 KB header among small ones", "GET / HTTP/1.1\r\n\(h11)X-A: 1\r\nX-B: \(String(repeating: "b", count: 40_000))\r\n\r\n", 431)
    status("many 1 KB cookies", "GET / HTTP/1.1\r\n\(h11)" + String(repeating: "Cookie: \(String(repeating: "c", count: 1024))\r\n", count: 40) + "\r\n", 431)
    status("100,000 empty-valued headers", "GET / HTTP/1.1\r\n\(h11)" + String(repeating: "A:\r\n", count: 100_000) + "\r\n", 431)
    status("Expect: 100-continue with a huge length", "\(post)Expect: 100-continue\r\nContent-Length: 99999999\r\n\r\n", 413)
    return c
}()

@Suite struct DrainTests {
    /// Clients whose connection the kernel completed and whose request was sent before the stop are all
    /// answered (with Connection: close) — none is reset because it waited in the backlog or was not read yet.
    @Test func requestsSentBeforeTheStopAreAnswered() throws {
        let handler = TestHandler()
        var config = HTTPServerConfiguration()
        config.port = 0
        config.drainTimeout = 5
        let server = HTTPServer(configuration: config, handler: handler)
        try server.start()
        // Idle connections first; then every client sends its request and the stop follows at once, so most
        // requests are still unread in their sockets when the drain begins (and the last connections may
        // still wait in the backlog).
        var clients: [RawClient] = []
        for _ in 0..<150 { clients.append(try #require(RawClient(port: server.port))) }
        usleep(100_000)
        for (i, c) in clients.enumerated() { c.send("GET /req-\(i) HTTP/1.1\r\nHost: t\r\n\r\n") }
        let stopper = Thread { server.stop() }
        stopper.start()
        var answered = 0
        for (i, c) in clients.enumerated() {
            let r = c.readResponse(timeout: 5)
            if r?.text == "GET /req-\(i) q=- body=" { answered += 1 }
        }
        #expect(answered == clients.count)
        server.wait()
        #expect(RawClient(port: server.port) == nil)
    }
}

@Suite struct HostileCorpusTests {
    @Test(arguments: hostileCases)
    func outcome(_ c: ParserCase) {
        #expect(HTTPParserFuzz.decode([c.raw], bodyLimit: c.bodyLimit) == c.expected)
    }

    @Test func corpusIsLarge() {
        #expect(hostileCases.count >= 100)
    }

    /// Split anywhere, or byte by byte, the same bytes give the same outcome.
    @Test(arguments: hostileCases.filter { $0.raw.count < 2048 })
    func splitsDoNotMatter(_ c: ParserCase) {
        for i in stride(from: 0, through: c.raw.count, by: max(1, c.raw.count / 64)) {
            let got = HTTPParserFuzz.decode([Array(c.raw[..<i]), Array(c.raw[i...])], bodyLimit: c.bodyLimit)
            #expect(got == c.expected, "split at \(i)")
            if got != c.expected { break }
        }
        #expect(HTTPParserFuzz.decode(c.raw.map { [$0] }, bodyLimit: c.bodyLimit) == c.expected)
    }

    /// Every refused case against a real server: the status on the wire, the connection closed,
    /// and a normal request on a new connection still served.
    @Test func aRealServerAnswersEachAndGoesOnServing() throws {
        let refused = hostileCases.compactMap { c -> (ParserCase, Int)? in
            if case .error(let code)? = c.expected.last { return (c, code) }
            return nil
        }
        try withServer { server, _, _ in
            for (c, code) in refused {
                let client = try #require(RawClient(port: server.port))
                client.send(c.raw)
                // Requests before the refused one (a look-alike header) are answered first.
                for _ in 0..<(c.expected.count - 1) { _ = client.readResponse() }
                let response = client.readResponse()
                #expect(response?.status == code, "\(c.name)")
                #expect(response?.header("Connection") == "close", "\(c.name)")
                #expect(client.closesSilently(), "\(c.name): connection left open")
            }
            #expect(serverStillServes(server))
        }
    }
}
