import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPServer

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// A request outcome with only the fields a case cares about.
func req(_ method: String = "GET", _ target: String = "/", path: String? = nil, query: String? = nil,
         version: HTTPVersion = .http11, headers: [String]? = nil, body: String = "", keepAlive: Bool = true,
         raw: String) -> ParseOutcome {
    // Headers default to what the raw request holds (re-parsed here only to fill the expectation).
    let hs = headers ?? HTTPParserFuzz.decode([bytes(raw)]).compactMap { o -> [String]? in
        if case .request(_, _, _, _, _, let h, _, _) = o { return h }
        return nil
    }.first ?? []
    return .request(method: method, target: target, path: path ?? target, query: query, version: version,
                    headers: hs, body: bytes(body), keepAlive: keepAlive)
}

struct ParserCase: CustomTestStringConvertible, Sendable {
    let name: String
    let raw: [UInt8]
    let expected: [ParseOutcome]
    var bodyLimit: Int = 1 << 20
    var testDescription: String { name }
}

let h11 = "Host: example.com\r\n"
let longLine = String(repeating: "a", count: 1 << 20)

let parserCases: [ParserCase] = {
    var c: [ParserCase] = []
    func ok(_ name: String, _ raw: String, _ expected: ParseOutcome, limit: Int = 1 << 20) {
        c.append(ParserCase(name: name, raw: bytes(raw), expected: [expected], bodyLimit: limit))
    }
    func status(_ name: String, _ raw: [UInt8], _ code: Int, limit: Int = 1 << 20) {
        c.append(ParserCase(name: name, raw: raw, expected: [.error(code)], bodyLimit: limit))
    }
    func status(_ name: String, _ raw: String, _ code: Int, limit: Int = 1 << 20) { status(name, bytes(raw), code, limit: limit) }

    // Valid requests.
    var r = "GET / HTTP/1.1\r\n\(h11)\r\n"
    ok("simple GET", r, req(headers: ["Host: example.com"], raw: r))
    r = "GET /schools/12?q=a&b=%20 HTTP/1.1\r\n\(h11)\r\n"
    ok("path and query", r, req("GET", "/schools/12?q=a&b=%20", path: "/schools/12", query: "q=a&b=%20", raw: r))
    r = "POST /login HTTP/1.1\r\n\(h11)Content-Length: 5\r\n\r\nhello"
    ok("POST with Content-Length", r, req("POST", "/login", body: "hello", raw: r))
    r = "GET / HTTP/1.0\r\n\r\n"
    ok("HTTP/1.0 without Host closes", r, req(version: .http10, headers: [], keepAlive: false, raw: r))
    r = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
    ok("HTTP/1.0 keep-alive", r, req(version: .http10, keepAlive: true, raw: r))
    r = "GET / HTTP/1.1\r\n\(h11)Connection: close\r\n\r\n"
    ok("HTTP/1.1 Connection: close", r, req(keepAlive: false, raw: r))
    r = "POST /u HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
    ok("chunked body", r, req("POST", "/u", body: "hello world", raw: r))
    r = "POST /u HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n5;name=\"v\";x\r\nhello\r\n0\r\n\r\n"
    ok("chunk extensions ignored", r, req("POST", "/u", body: "hello", raw: r))
    r = "POST /u HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n"
    ok("trailers discarded", r, req("POST", "/u", body: "hello", raw: r))
    r = "POST /u HTTP/1.1\r\n\(h11)Transfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"
    ok("coding name case-insensitive, hex size upper-case", r, req("POST", "/u", body: "0123456789", raw: r))
    r = "GET http://example.com/a/b?x=1 HTTP/1.1\r\n\(h11)\r\n"
    ok("absolute-form target", r, req("GET", "http://example.com/a/b?x=1", path: "/a/b", query: "x=1", raw: r))
    r = "GET http://example.com HTTP/1.1\r\n\(h11)\r\n"
    ok("absolute-form without path", r, req("GET", "http://example.com", path: "/", raw: r))
    r = "OPTIONS * HTTP/1.1\r\n\(h11)\r\n"
    ok("OPTIONS *", r, req("OPTIONS", "*", raw: r))
    r = "\r\n\r\nGET / HTTP/1.1\r\n\(h11)\r\n"
    ok("leading empty lines ignored", r, req(raw: r))
    r = "GET / HTTP/1.1\r\n\(h11)X-Name: caf\u{e9}\r\n\r\n"
    ok("UTF-8 obs-text in a value", r, req(headers: ["Host: example.com", "X-Name: café"], raw: r))
    c.append(ParserCase(name: "non-UTF-8 obs-text in a value decodes lossily",
                        raw: bytes("GET / HTTP/1.1\r\n\(h11)X-Bin: a") + [0xFF, 0xFE] + bytes("b\r\n\r\n"),
                        expected: [req(headers: ["Host: example.com", "X-Bin: a\u{FFFD}\u{FFFD}b"], raw: "")]))
    r = "POST / HTTP/1.1\r\n\(h11)Expect: 100-continue\r\nContent-Length: 2\r\n\r\nhi"
    ok("Expect: 100-continue", r, req("POST", "/", body: "hi", raw: r))
    r = "POST / HTTP/1.1\r\n\(h11)Content-Length: 0\r\n\r\n"
    ok("Content-Length: 0", r, req("POST", "/", raw: r))
    r = "HEAD /x HTTP/1.1\r\n\(h11)\r\n"
    ok("HEAD", r, req("HEAD", "/x", raw: r))
    status("HTTP/1.2 is not served as 1.1", "GET / HTTP/1.2\r\n\(h11)\r\n", 505)
    status("HTTP/1.10", "GET / HTTP/1.10\r\n\(h11)\r\n", 505)
    status("HTTP/2.0 with a host", "GET / HTTP/2.0\r\n\(h11)\r\n", 505)
    status("HTTP/x is malformed", "GET / HTTP/x\r\n\(h11)\r\n", 400)
    status("HTTP/1. is malformed", "GET / HTTP/1.\r\n\(h11)\r\n", 400)
    r = "GET / HTTP/1.1\r\n\(h11)X-Empty:\r\nX-Spaces: \t a b \t\r\n\r\n"
    ok("empty value and trimmed OWS", r, req(headers: ["Host: example.com", "X-Empty: ", "X-Spaces: a b"], raw: r))
    r = "GET / HTTP/1.1\r\n\(h11)Content-Length: 00003\r\n\r\nabc"
    ok("leading zeros in Content-Length", r, req(body: "abc", raw: r))
    r = "PURGE-ALL_X /x HTTP/1.1\r\n\(h11)\r\n"
    ok("unknown upper-case method passes to the handler", r, req("PURGE-ALL_X", "/x", raw: r))
    let pipelined = "GET /a HTTP/1.1\r\n\(h11)\r\nPOST /b HTTP/1.1\r\n\(h11)Content-Length: 3\r\n\r\nxyzGET /c HTTP/1.1\r\n\(h11)\r\n"
    c.append(ParserCase(name: "pipelined requests", raw: bytes(pipelined), expected: [
        req("GET", "/a", headers: ["Host: example.com"], raw: ""),
        req("POST", "/b", headers: ["Host: example.com", "Content-Length: 3"], body: "xyz", raw: ""),
        req("GET", "/c", headers: ["Host: example.com"], raw: ""),
    ]))
    c.append(ParserCase(name: "truncated head is incomplete", raw: bytes("GET / HTTP/1.1\r\nHost: a\r\n"), expected: [.incomplete]))
    c.append(ParserCase(name: "truncated body is incomplete", raw: bytes("POST / HTTP/1.1\r\n\(h11)Content-Length: 10\r\n\r\nabc"), expected: [.incomplete]))

    // Framing attacks.
    status("Content-Length with Transfer-Encoding", "POST / HTTP/1.1\r\n\(h11)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
    status("two equal Content-Lengths", "POST / HTTP/1.1\r\n\(h11)Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400)
    status("two different Content-Lengths", "POST / HTTP/1.1\r\n\(h11)Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400)
    status("Content-Length list", "POST / HTTP/1.1\r\n\(h11)Content-Length: 5, 5\r\n\r\nhello", 400)
    status("negative Content-Length", "POST / HTTP/1.1\r\n\(h11)Content-Length: -5\r\n\r\n", 400)
    status("non-numeric Content-Length", "POST / HTTP/1.1\r\n\(h11)Content-Length: abc\r\n\r\n", 400)
    status("Content-Length: +5", "POST / HTTP/1.1\r\n\(h11)Content-Length: +5\r\n\r\nhello", 400)
    status("empty Content-Length", "POST / HTTP/1.1\r\n\(h11)Content-Length:\r\n\r\n", 400)
    status("Content-Length of 19 digits", "POST / HTTP/1.1\r\n\(h11)Content-Length: 9999999999999999999\r\n\r\n", 400)
    status("Content-Length over the body limit", "POST / HTTP/1.1\r\n\(h11)Content-Length: 100\r\n\r\n", 413, limit: 10)
    status("chunked body over the limit", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n", 413, limit: 10)
    status("non-hex chunk size", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400)
    status("0x-prefixed chunk size", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", 400)
    status("overflowing chunk size", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n", 400)
    status("negative chunk size", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", 400)
    status("chunk data without CRLF", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n5\r\nhelloX0\r\n\r\n", 400)
    status("chunk size line with bare LF", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", 400)
    status("chunk extension without size", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n;x\r\nhello\r\n0\r\n\r\n", 400)
    status("Transfer-Encoding: gzip, chunked", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501)
    status("Transfer-Encoding: chunked, identity", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 400)
    status("Transfer-Encoding: gzip", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: gzip\r\n\r\n", 501)
    status("Transfer-Encoding: chunked twice", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
    status("unsupported Expect", "POST / HTTP/1.1\r\n\(h11)Expect: 200-ok\r\nContent-Length: 2\r\n\r\nhi", 417)

    // Malformed heads.
    status("obs-fold", "GET / HTTP/1.1\r\n\(h11)X-A: one\r\n two\r\n\r\n", 400)
    status("space before colon", "GET / HTTP/1.1\r\nHost : example.com\r\n\r\n", 400)
    status("empty field name", "GET / HTTP/1.1\r\n\(h11): x\r\n\r\n", 400)
    status("field line without colon", "GET / HTTP/1.1\r\n\(h11)NoColon\r\n\r\n", 400)
    status("NUL in a value", bytes("GET / HTTP/1.1\r\n\(h11)X-A: a") + [0] + bytes("b\r\n\r\n"), 400)
    status("bare CR in a value", "GET / HTTP/1.1\r\n\(h11)X-A: a\rb\r\n\r\n", 400)
    status("bare LF line ends", "GET / HTTP/1.1\nHost: example.com\n\n", 400)
    status("NUL in the target", bytes("GET /a") + [0] + bytes("b HTTP/1.1\r\n\(h11)\r\n"), 400)
    status("byte > 0x7F in the target", bytes("GET /caf") + [0xC3, 0xA9] + bytes(" HTTP/1.1\r\n\(h11)\r\n"), 400)
    status("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400)
    status("two Hosts", "GET / HTTP/1.1\r\n\(h11)\(h11)\r\n", 400)
    status("HTTP/0.9 request", "GET /\r\n\r\n", 400)
    status("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505)
    status("HTTP/3.0", "GET / HTTP/3.0\r\n\(h11)\r\n", 505)
    status("HTTP/0.9 version token", "GET / HTTP/0.9\r\n\(h11)\r\n", 505)
    status("malformed version", "GET / HTTP/1.1.0\r\n\(h11)\r\n", 400)
    status("lower-case version", "GET / http/1.1\r\n\(h11)\r\n", 400)
    status("lower-case method", "get / HTTP/1.1\r\n\(h11)\r\n", 501)
    status("very long method", "\(String(repeating: "A", count: 64)) / HTTP/1.1\r\n\(h11)\r\n", 501)
    status("method with a non-token byte", "GE(T / HTTP/1.1\r\n\(h11)\r\n", 400)
    status("method with a control byte", bytes("GE") + [1] + bytes("T / HTTP/1.1\r\n\(h11)\r\n"), 400)
    status("double space in the request line", "GET  / HTTP/1.1\r\n\(h11)\r\n", 400)
    status("extra request-line part", "GET / HTTP/1.1 x\r\n\(h11)\r\n", 400)
    status("relative target", "GET foo HTTP/1.1\r\n\(h11)\r\n", 400)
    status("asterisk with GET", "GET * HTTP/1.1\r\n\(h11)\r\n", 400)
    status("authority-form target", "CONNECT example.com:443 HTTP/1.1\r\n\(h11)\r\n", 400)
    status("request line over the limit", "GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\n\(h11)\r\n", 414)
    status("1 MB header line", "GET / HTTP/1.1\r\n\(h11)X-Big: \(longLine)\r\n\r\n", 431)
    status("10,000 headers", "GET / HTTP/1.1\r\n\(h11)" + String(repeating: "X-A: b\r\n", count: 10_000) + "\r\n", 431)
    status("101 headers", "GET / HTTP/1.1\r\n\(h11)" + String(repeating: "X-A: b\r\n", count: 100) + "\r\n", 431)
    r = "GET / HTTP/1.1\r\n\(h11)" + String(repeating: "X-A: b\r\n", count: 99) + "\r\n"
    ok("100 headers", r, req(raw: r))
    status("trailer with bare LF", "POST / HTTP/1.1\r\n\(h11)Transfer-Encoding: chunked\r\n\r\n0\r\nX: 1\n\r\n", 400)
    return c
}()

@Suite struct ParserTableTests {
    @Test(arguments: parserCases)
    func table(_ c: ParserCase) {
        #expect(HTTPParserFuzz.decode([c.raw], bodyLimit: c.bodyLimit) == c.expected)
    }

    @Test func tableIsLargeEnough() {
        #expect(parserCases.count >= 40)
    }

    /// The same bytes split at every boundary into two reads, and fed one byte at a time, give the same result.
    @Test(arguments: parserCases.filter { $0.raw.count < 4096 })
    func everySplitGivesTheSameResult(_ c: ParserCase) {
        for i in 0...c.raw.count {
            let got = HTTPParserFuzz.decode([Array(c.raw[..<i]), Array(c.raw[i...])], bodyLimit: c.bodyLimit)
            #expect(got == c.expected, "split at \(i)")
            if got != c.expected { break }
        }
        #expect(HTTPParserFuzz.decode(c.raw.map { [$0] }, bodyLimit: c.bodyLimit) == c.expected)
    }

    @Test func hugeLinesAreRejectedEarly() {
        // Only the first 40 KB of a 1 MB header line arrive: the answer is already known.
        let head = bytes("GET / HTTP/1.1\r\n\(h11)X-Big: ") + [UInt8](repeating: 97, count: 40_000)
        #expect(HTTPParserFuzz.decode([head]) == [.error(431)])
        let line = bytes("GET /") + [UInt8](repeating: 97, count: 9_000)
        #expect(HTTPParserFuzz.decode([line]) == [.error(414)])
    }

    @Test func parsingIsLinearInLineLength() {
        // With limits raised, a 4 MB header line fed in 100-byte reads must not be re-scanned per read
        // (re-scanning would examine ~80 GB): the decoder looks at each byte a bounded number of times (here three:
        // the search for LF and for a bare CR as bytes arrive, and the CR check of the completed line).
        let limits = ParserLimits(maxRequestLineBytes: 8192, maxHeaderBytes: 8 << 20, maxHeaderCount: 100, spoolThreshold: 1 << 20)
        let decoder = RequestDecoder(limits: limits)
        var input = 0
        func feed(_ piece: [UInt8]) { input += piece.count; decoder.feed(piece) }
        feed(bytes("GET / HTTP/1.1\r\n\(h11)X-Big: "))
        let chunk = [UInt8](repeating: 97, count: 100)
        var heads = 0
        for _ in 0..<40_000 {
            feed(chunk)
            if case .head = decoder.next() { heads += 1 }
        }
        feed(bytes("\r\n\r\n"))
        guard case .head(let parsed) = decoder.next() else { Issue.record("no head"); return }
        #expect(heads == 0)
        #expect(parsed.head.headers["X-Big"]?.utf8.count == 4_000_000)
        #expect(decoder.headBytesExamined <= 4 * input, "examined \(decoder.headBytesExamined) bytes of \(input)")
    }

    @Test func largeBodiesAreSpooledToAFile() throws {
        let limits = ParserLimits(spoolThreshold: 16)
        let decoder = RequestDecoder(limits: limits)
        let body = [UInt8]((0..<100).map { UInt8($0) })
        decoder.feed(bytes("POST / HTTP/1.1\r\n\(h11)Content-Length: 100\r\n\r\n"))
        guard case .head = decoder.next() else { Issue.record("no head"); return }
        #expect(decoder.beginBody(limit: 1000) == nil)
        decoder.feed(body[..<50])
        guard case .needMore = decoder.next() else { Issue.record("expected needMore"); return }
        decoder.feed(body[50...])
        guard case .body(.file(let path, let count)) = decoder.next() else { Issue.record("expected a spooled body"); return }
        #expect(count == 100)
        #expect(readWholeFile(path) == body)
        let request = HTTPRequest(head: HTTPRequestHead(method: .post, target: "/", path: "/", query: nil, version: .http11, headers: HTTPHeaders()),
                                  body: .file(path: path, count: count), remoteAddress: "")
        #expect(request.bodyBytes() == body)
        unlink(path)
        // Small bodies stay in memory.
        let out = HTTPParserFuzz.decode([bytes("POST / HTTP/1.1\r\n\(h11)Content-Length: 3\r\n\r\nabc")], limits: limits)
        #expect(out.count == 1)
    }

    @Test func expectContinueDecision() {
        let d = RequestDecoder()
        d.feed(bytes("POST / HTTP/1.1\r\n\(h11)Expect: 100-Continue\r\nContent-Length: 10\r\n\r\n"))
        guard case .head(let p) = d.next() else { Issue.record("no head"); return }
        #expect(p.expectation == .continue100)
        #expect(BodyDecision.decide(p, limit: 100, bodyBytesAlreadyBuffered: false) == .accept(sendContinue: true))
        #expect(BodyDecision.decide(p, limit: 100, bodyBytesAlreadyBuffered: true) == .accept(sendContinue: false))
        #expect(BodyDecision.decide(p, limit: 5, bodyBytesAlreadyBuffered: false) == .reject(.contentTooLarge))
        let d10 = RequestDecoder()
        d10.feed(bytes("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n"))
        guard case .head(let p10) = d10.next() else { Issue.record("no head"); return }
        #expect(p10.expectation == .none) // RFC 9110: ignored in HTTP/1.0
    }
}
