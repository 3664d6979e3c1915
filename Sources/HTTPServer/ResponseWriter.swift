#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The IMF-fixdate for the current second; each thread keeps its own, so no lock is needed.
struct DateCache {
    private var second = -1
    private(set) var bytes = [UInt8](repeating: 0, count: 29)

    mutating func refresh() {
        let now = time(nil)
        if now == second { return }
        second = now
        var t = now
        var tm = tm()
        gmtime_r(&t, &tm)
        let days: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out: [UInt8] = []
        out.reserveCapacity(29)
        func put(_ s: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }
        func two(_ v: Int32) { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)) }
        put(days[Int(tm.tm_wday)]); put(", "); two(tm.tm_mday); out.append(SP)
        put(months[Int(tm.tm_mon)]); out.append(SP)
        let year = Int(tm.tm_year) + 1900
        out.append(contentsOf: Array(String(year).utf8)); out.append(SP)
        two(tm.tm_hour); out.append(58); two(tm.tm_min); out.append(58); two(tm.tm_sec)
        put(" GMT")
        bytes = out
    }
}

enum ResponseWriter {
    static let continue100: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Whether a response with this status carries no body (and no Content-Length) at all.
    @inline(__always) static func forbidsBody(_ code: Int) -> Bool { (code >= 100 && code < 200) || code == 204 || code == 304 }

    @inline(__always) static func appendDecimal(_ v: Int, to out: inout [UInt8]) {
        if v == 0 { out.append(48); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = v, i = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 { d[i] = UInt8(48 + n % 10); n /= 10; i += 1 }
            while i > 0 { i -= 1; out.append(d[i]) }
        }
    }

    @inline(__always) static func appendASCII(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Appends a string, replacing CR and LF so a handler cannot split the response.
    @inline(__always) static func appendSafe(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            guard let base = u.baseAddress, u.count > 0 else { return }
            if memchr(base, 13, u.count) == nil && memchr(base, 10, u.count) == nil {
                out.append(contentsOf: u)
            } else {
                for c in u { out.append(c == 13 || c == 10 ? SP : c) }
            }
        }
    }

    /// The first header a handler set that must never reach the wire: a name that is not a token, or a value with a
    /// control byte (0x00–0x1F but HTAB, or DEL), which could split the response or turn `Location` into another site.
    static func unsafeHeader(_ response: HTTPResponse) -> String? {
        for (name, value) in response.headers.fields {
            var bad = false
            var n = name
            n.withUTF8 { u in bad = u.contains { !isTChar($0) } }  // an empty name is skipped by serializeHead
            if bad { return name }
            var v = value
            v.withUTF8 { u in bad = u.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F } }
            if bad { return name }
        }
        return nil
    }

    /// Status line and header block, ending with the blank line.
    static func serializeHead(_ response: HTTPResponse, bodyCount: Int, keepAlive: Bool, date: [UInt8], into out: inout [UInt8]) {
        let code = response.status.code
        appendASCII("HTTP/1.1 ", to: &out)
        out.append(UInt8(48 + (code / 100) % 10)); out.append(UInt8(48 + (code / 10) % 10)); out.append(UInt8(48 + code % 10))
        out.append(SP)
        appendSafe(response.status.reason, to: &out)
        out.append(CR); out.append(LF)
        for (name, value) in response.headers.fields {
            // The server owns framing and connection management.
            let n = name.utf8.count
            if n == 14 && name.asciiCaseInsensitiveEquals("Content-Length") { continue }
            if n == 10 && name.asciiCaseInsensitiveEquals("Connection") { continue }
            if n == 4 && name.asciiCaseInsensitiveEquals("Date") { continue }
            if n == 17 && name.asciiCaseInsensitiveEquals("Transfer-Encoding") { continue }
            if n == 0 { continue }
            appendSafe(name, to: &out)
            out.append(58); out.append(SP)
            appendSafe(value, to: &out)
            out.append(CR); out.append(LF)
        }
        if !forbidsBody(code) {
            appendASCII("Content-Length: ", to: &out)
            appendDecimal(bodyCount, to: &out)
            out.append(CR); out.append(LF)
        }
        appendASCII("Date: ", to: &out)
        out.append(contentsOf: date)
        appendASCII(keepAlive ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n", to: &out)
    }

    /// Whether the handler asked to close the connection.
    static func asksClose(_ response: HTTPResponse) -> Bool {
        for (name, value) in response.headers.fields where name.asciiCaseInsensitiveEquals("Connection") {
            if value.lowercased().contains("close") { return true }
        }
        return false
    }
}
