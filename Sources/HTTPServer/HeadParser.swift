// Validation and interpretation of a complete request head (RFC 9112), over raw bytes.
//
// Decisions where the RFC leaves room:
// - Lines must end in CRLF; a bare LF or a CR elsewhere is a 400.
// - Request-target bytes must be visible ASCII (0x21–0x7E); anything else (controls, bytes > 0x7F) is a 400.
// - Field values may hold obs-text (0x80–0xFF); they are decoded as UTF-8 with U+FFFD for invalid sequences.
// - Methods: a non-token is 400; a token that is not 1–20 upper-case letters, '-' or '_' is 501.
// - Any second Content-Length field (even equal) is a 400, as are signs, spaces, commas and more than 18 digits.
// - Only HTTP/1.0 and HTTP/1.1 are served; any other `HTTP/digits.digits` (1.2, 1.10, 2.0) is 505, anything else 400.
// - Transfer-Encoding: `chunked` not last (or repeated) is 400, any other coding is 501.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline let CR: UInt8 = 13
@usableFromInline let LF: UInt8 = 10
let SP: UInt8 = 32
let HT: UInt8 = 9

@inline(__always) func isTChar(_ c: UInt8) -> Bool {
    switch c {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
         UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
         UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        return true
    default:
        return false
    }
}

@inline(__always) func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

/// Case-insensitive compare of raw bytes with a lower-case ASCII literal.
@inline(__always) func bytesEqualLower(_ p: UnsafePointer<UInt8>, _ n: Int, _ lit: StaticString) -> Bool {
    guard n == lit.utf8CodeUnitCount else { return false }
    let q = lit.utf8Start
    for i in 0..<n where lower(p[i]) != q[i] { return false }
    return true
}

@inline(__always) func makeString(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
}

struct RequestLine {
    var method: HTTPMethod
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
}

enum HeadParser {
    enum VersionToken { case http10, http11, unsupported, malformed }

    /// `HTTP/` digits `.` digits (at most 3 each); only 1.0 and 1.1 are supported.
    static func parseVersion(_ v: UnsafePointer<UInt8>, _ n: Int) -> VersionToken {
        guard n >= 8, n <= 12, v[0] == 72, v[1] == 84, v[2] == 84, v[3] == 80, v[4] == 47 else { return .malformed }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var i = 5
        while i < n, isDigit(v[i]) { i += 1 }
        let majorEnd = i
        guard majorEnd > 5, majorEnd - 5 <= 3, i < n, v[i] == 46 else { return .malformed }
        i += 1
        let minorStart = i
        while i < n, isDigit(v[i]) { i += 1 }
        guard i == n, n > minorStart, n - minorStart <= 3 else { return .malformed }
        if majorEnd - 5 == 1, v[5] == 49, n - minorStart == 1 {
            if v[minorStart] == 48 { return .http10 }
            if v[minorStart] == 49 { return .http11 }
        }
        return .unsupported
    }

    /// Parses `method SP target SP version` (the line without CRLF).
    static func parseRequestLine(_ p: UnsafePointer<UInt8>, _ n: Int) -> Result<RequestLine, HTTPError> {
        // Exactly three parts separated by single spaces.
        guard let sp1 = find(p, 0, n, SP) else { return .failure(.init(.badRequest)) } // HTTP/0.9 `GET /` included
        guard let sp2 = find(p, sp1 + 1, n, SP) else { return .failure(.init(.badRequest)) }
        if find(p, sp2 + 1, n, SP) != nil { return .failure(.init(.badRequest)) }
        let mLen = sp1, tStart = sp1 + 1, tLen = sp2 - sp1 - 1, vStart = sp2 + 1, vLen = n - sp2 - 1
        guard mLen > 0, tLen > 0 else { return .failure(.init(.badRequest)) }

        // Version first: an HTTP/2 preface is a 505, whatever its method and target.
        let version: HTTPVersion
        switch parseVersion(p + vStart, vLen) {
        case .http10: version = .http10
        case .http11: version = .http11
        case .unsupported: return .failure(.init(.versionNotSupported))
        case .malformed: return .failure(.init(.badRequest))
        }

        var simpleMethod = mLen <= 20
        for i in 0..<mLen {
            let c = p[i]
            guard isTChar(c) else { return .failure(.init(.badRequest)) }
            if !((c >= 65 && c <= 90) || c == 45 || c == 95) { simpleMethod = false }
        }
        guard simpleMethod else { return .failure(.init(.notImplemented)) }
        let method = knownMethod(p, mLen) ?? HTTPMethod(rawValue: makeString(p, mLen))

        let t = p + tStart
        for i in 0..<tLen where t[i] < 0x21 || t[i] > 0x7E { return .failure(.init(.badRequest)) }
        let target = makeString(t, tLen)
        var pathStart = 0
        var pathEnd = tLen
        if t[0] == UInt8(ascii: "/") {
            // origin-form
        } else if tLen == 1 && t[0] == UInt8(ascii: "*") {
            guard method == .options else { return .failure(.init(.badRequest)) }
            return .success(RequestLine(method: method, target: target, path: "*", query: nil, version: version))
        } else if let afterScheme = absoluteFormAuthorityStart(t, tLen) {
            // absolute-form: skip the authority; the path starts at the next '/', '?' or the end.
            var i = afterScheme
            while i < tLen && t[i] != UInt8(ascii: "/") && t[i] != UInt8(ascii: "?") && t[i] != UInt8(ascii: "#") { i += 1 }
            guard i > afterScheme else { return .failure(.init(.badRequest)) }
            pathStart = i
        } else {
            return .failure(.init(.badRequest))
        }
        var query: String? = nil
        if let q = find(t, pathStart, tLen, UInt8(ascii: "?")) {
            pathEnd = q
            var qEnd = tLen
            if let h = find(t, q + 1, tLen, UInt8(ascii: "#")) { qEnd = h }
            query = makeString(t + q + 1, qEnd - q - 1)
        } else if let h = find(t, pathStart, tLen, UInt8(ascii: "#")) {
            pathEnd = h
        }
        var path: String
        if pathStart == 0 && pathEnd == tLen { path = target }
        else if pathEnd == pathStart { path = "/" }
        else { path = makeString(t + pathStart, pathEnd - pathStart) }
        if path.isEmpty { path = "/" }
        return .success(RequestLine(method: method, target: target, path: path, query: query, version: version))
    }

    private static func absoluteFormAuthorityStart(_ t: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        if n > 7 && bytesEqualLower(t, 7, "http://") { return 7 }
        if n > 8 && bytesEqualLower(t, 8, "https://") { return 8 }
        return nil
    }

    @inline(__always) static func find(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ c: UInt8) -> Int? {
        guard from < to, let r = memchr(p + from, Int32(c), to - from) else { return nil }
        return UnsafeRawPointer(r) - UnsafeRawPointer(p)
    }

    private static func knownMethod(_ p: UnsafePointer<UInt8>, _ n: Int) -> HTTPMethod? {
        switch n {
        case 3:
            if p[0] == 71 && p[1] == 69 && p[2] == 84 { return .get }
            if p[0] == 80 && p[1] == 85 && p[2] == 84 { return .put }
        case 4:
            if p[0] == 80 && p[1] == 79 && p[2] == 83 && p[3] == 84 { return .post }
            if p[0] == 72 && p[1] == 69 && p[2] == 65 && p[3] == 68 { return .head }
        case 5: if bytesEqualLower(p, 5, "patch") { return .patch }
        case 6: if bytesEqualLower(p, 6, "delete") { return .delete }
        case 7: if bytesEqualLower(p, 7, "options") { return .options }
        default: break
        }
        return nil
    }

    /// Interprets the field lines (each `[start, end)` relative to `base`, without CRLF) of a head.
    static func parseFields(_ base: UnsafePointer<UInt8>, _ lines: [(Int, Int)], line: RequestLine) -> Result<ParsedHead, HTTPError> {
        var headers = HTTPHeaders()
        headers.reserveCapacity(lines.count)
        var contentLength: Int? = nil
        var teCount = 0
        var chunkedLast = false
        var teBad: HTTPStatus? = nil
        var hostCount = 0
        var connClose = false, connKeepAlive = false
        var expectation = Expectation.none

        for (start, end) in lines {
            let p = base + start
            let n = end - start
            if p[0] == SP || p[0] == HT { return .failure(.init(.badRequest)) } // obs-fold
            var colon = -1
            for i in 0..<n {
                let c = p[i]
                if c == UInt8(ascii: ":") { colon = i; break }
                if !isTChar(c) { return .failure(.init(.badRequest)) } // includes space before colon
            }
            guard colon > 0 else { return .failure(.init(.badRequest)) }
            var vs = colon + 1, ve = n
            while vs < ve && (p[vs] == SP || p[vs] == HT) { vs += 1 }
            while ve > vs && (p[ve - 1] == SP || p[ve - 1] == HT) { ve -= 1 }
            for i in vs..<ve {
                let c = p[i]
                if (c < 0x20 && c != HT) || c == 0x7F { return .failure(.init(.badRequest)) }
            }
            let v = p + vs, vLen = ve - vs

            switch colon {
            case 14 where bytesEqualLower(p, 14, "content-length"):
                guard contentLength == nil, vLen > 0, vLen <= 18 else { return .failure(.init(.badRequest)) }
                var value = 0
                for i in 0..<vLen {
                    let d = v[i]
                    guard d >= 48 && d <= 57 else { return .failure(.init(.badRequest)) }
                    value = value * 10 + Int(d - 48)
                }
                contentLength = value
            case 17 where bytesEqualLower(p, 17, "transfer-encoding"):
                teCount += 1
                if let bad = scanCodings(v, vLen, chunkedLast: &chunkedLast) { if teBad == nil || bad == .badRequest { teBad = bad } }
            case 4 where bytesEqualLower(p, 4, "host"):
                hostCount += 1
            case 10 where bytesEqualLower(p, 10, "connection"):
                forEachToken(v, vLen) { tp, tn in
                    if bytesEqualLower(tp, tn, "close") { connClose = true }
                    else if bytesEqualLower(tp, tn, "keep-alive") { connKeepAlive = true }
                }
            case 6 where bytesEqualLower(p, 6, "expect"):
                if line.version == .http11 {
                    expectation = bytesEqualLower(v, vLen, "100-continue") && expectation != .unsupported ? .continue100 : .unsupported
                }
            default:
                break
            }
            headers.add(makeString(p, colon), makeString(v, vLen))
        }

        var framing = BodyFraming.none
        if teCount > 0 {
            if contentLength != nil { return .failure(.init(.badRequest)) }
            if let bad = teBad { return .failure(.init(bad)) }
            if !chunkedLast { return .failure(.init(.badRequest)) }
            framing = .chunked
        } else if let n = contentLength, n > 0 {
            framing = .length(n)
        }
        if line.version == .http11 && hostCount != 1 { return .failure(.init(.badRequest)) }
        if hostCount > 1 { return .failure(.init(.badRequest)) }
        var keepAlive = line.version == .http11 ? !connClose : (connKeepAlive && !connClose)
        if line.version == .http10 && framing == .chunked { keepAlive = false }
        let head = HTTPRequestHead(method: line.method, target: line.target, path: line.path, query: line.query,
                                   version: line.version, headers: headers)
        return .success(ParsedHead(head: head, framing: framing, keepAlive: keepAlive, expectation: expectation))
    }

    /// Walks a Transfer-Encoding value; `chunkedLast` tracks whether the last coding seen so far is chunked.
    private static func scanCodings(_ v: UnsafePointer<UInt8>, _ n: Int, chunkedLast: inout Bool) -> HTTPStatus? {
        var result: HTTPStatus? = nil
        var any = false
        forEachToken(v, n) { tp, tn in
            any = true
            // A coding may carry parameters (`;q=...`); only its name matters here.
            var nameLen = 0
            while nameLen < tn && tp[nameLen] != UInt8(ascii: ";") && tp[nameLen] != SP && tp[nameLen] != HT { nameLen += 1 }
            if bytesEqualLower(tp, nameLen, "chunked") && nameLen == tn {
                if chunkedLast { result = .badRequest } // chunked twice
                chunkedLast = true
            } else {
                if chunkedLast { result = .badRequest } // something after chunked
                else if result == nil { result = .notImplemented }
                chunkedLast = false
            }
        }
        if !any { return .badRequest }
        return result
    }

    /// Calls `body` for each non-empty comma-separated element, trimmed of spaces and tabs.
    @inline(__always) static func forEachToken(_ v: UnsafePointer<UInt8>, _ n: Int, _ body: (UnsafePointer<UInt8>, Int) -> Void) {
        var i = 0
        while i < n {
            var s = i
            while i < n && v[i] != UInt8(ascii: ",") { i += 1 }
            var e = i
            while s < e && (v[s] == SP || v[s] == HT) { s += 1 }
            while e > s && (v[e - 1] == SP || v[e - 1] == HT) { e -= 1 }
            if e > s { body(v + s, e - s) }
            i += 1
        }
    }
}

/// An error the server answers itself.
struct HTTPError: Error {
    var status: HTTPStatus
    init(_ status: HTTPStatus) { self.status = status }
}
