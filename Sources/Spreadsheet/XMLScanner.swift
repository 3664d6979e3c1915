#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming scanner of the XML that SpreadsheetML parts are written in, over bytes: start and end tags
/// with their attributes, text only where the handler collects it. It pulls a zip entry chunk by chunk
/// (never the whole part in memory), checks UTF-8 as the bytes arrive, checks that tags nest and close,
/// decodes the five predefined entities and character references, normalises line ends as XML does
/// (CR LF and CR → LF) and refuses a DOCTYPE (no entity expansion, no external anything).
/// Element and attribute names are matched by their local part (`x:c` is `c`).
final class XMLScanner {
    /// The handler collects text: the bytes between tags go to `text` (raw; `takeText()` decodes them).
    var collecting = false

    private let source: ZipEntryStream
    private let part: String
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0, end = 0
    private var finished = false
    private var utf8 = UTF8Check()
    private var text: [UInt8] = []
    /// Hashes of the open elements' qualified names, innermost last.
    private var open: [UInt64] = []
    private var sawRoot = false
    private static let chunk = 1 << 16
    /// A single tag longer than this is not a spreadsheet's (a guard on memory).
    private static let maxTag = 16 << 20

    init(_ source: ZipEntryStream, part: String) {
        self.source = source
        self.part = part
        capacity = 4 * XMLScanner.chunk
        buffer = .allocate(capacity: capacity)
        text.reserveCapacity(256)
    }

    deinit { buffer.deallocate() }

    func malformed(_ what: String) -> SpreadsheetError { .notXLSX(detail: "\(part): malformed XML (\(what))") }

    /// Reads more bytes after `end`, moving the unread ones to the front; false at the end of the part.
    private func refill() throws -> Bool {
        if finished { return false }
        if start > 0 {
            let unread = end - start
            if unread > 0 { buffer.update(from: buffer + start, count: unread) }
            start = 0; end = unread
        }
        if capacity - end < XMLScanner.chunk {
            guard capacity < XMLScanner.maxTag else { throw malformed("a tag longer than \(XMLScanner.maxTag >> 20) MiB") }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = try source.read(buffer + end, XMLScanner.chunk)
        guard utf8.feed(buffer + end, n) else { throw SpreadsheetError.notXLSX(detail: "zip: \(part) is not UTF-8") }
        if n == 0 {
            finished = true
            guard utf8.complete else { throw SpreadsheetError.notXLSX(detail: "zip: \(part) is not UTF-8") }
            return false
        }
        end += n
        return true
    }

    /// Scans the whole part, calling the handler for every element; throws what the handler threw.
    func run<H: XMLHandler>(_ handler: H) throws {
        while true {
            // Text up to the next tag.
            var lt = -1
            while true {
                let first = start, last = end
                let from = UnsafePointer(buffer + first)
                if let p = memchrByte(from, UInt8(ascii: "<"), last - first) {
                    let at = first + (p - from)
                    if collecting && at > first { text.append(contentsOf: UnsafeBufferPointer(start: from, count: at - first)) }
                    start = at
                    lt = at
                    break
                }
                if collecting { text.append(contentsOf: UnsafeBufferPointer(start: from, count: end - start)) }
                start = end
                if try !refill() { break }
            }
            if lt < 0 { break }
            // The whole tag, from `<` to its `>` (quotes respected), refilling as needed.
            var scanned = 1
            var tagEnd = -1
            while tagEnd == -1 {
                tagEnd = findTagEnd(from: scanned)
                if tagEnd == -1 {
                    scanned = max(1, end - start)
                    if try !refill() { throw malformed("truncated") }
                }
            }
            if tagEnd == -2 { continue }  // a comment, a processing instruction or CDATA, consumed by findTagEnd
            try tag(handler, length: tagEnd - start + 1)
            start = tagEnd + 1
        }
        guard sawRoot, open.isEmpty else { throw SpreadsheetError.notXLSX(detail: "\(part): truncated XML") }
    }

    /// The index of the `>` ending the tag at `start`, -1 when the buffer ends first; -2 when the markup was a
    /// comment, a processing instruction or CDATA (then already consumed, its CDATA text collected).
    private func findTagEnd(from offset: Int) -> Int {
        let b = buffer
        let second = start + 1 < end ? b[start + 1] : 0
        if second == UInt8(ascii: "!") || second == UInt8(ascii: "?") {
            return findSpecialEnd()
        }
        // restart from the tag's beginning when a quote may have been open: tags are short.
        // `end` in a local: a class property read in the loop would be an exclusivity check per byte.
        let end = self.end
        var i = start + 1
        var quote: UInt8 = 0
        _ = offset
        while i < end {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                return i
            }
            i += 1
        }
        return -1
    }

    private var specialError: SpreadsheetError?

    /// `<!-- … -->`, `<![CDATA[ … ]]>`, `<? … ?>`; a DOCTYPE or anything else after `<!` is refused.
    private func findSpecialEnd() -> Int {
        let b = buffer
        func has(_ s: StaticString, at i: Int) -> Bool {
            let n = s.utf8CodeUnitCount
            guard i + n <= end else { return false }
            return memcmpBytes(b + i, s.utf8Start, n)
        }
        func find(_ s: StaticString, from: Int) -> Int? {
            let n = s.utf8CodeUnitCount
            var i = from
            while i + n <= end {
                if b[i] == s.utf8Start[0] && memcmpBytes(b + i, s.utf8Start, n) { return i }
                i += 1
            }
            return nil
        }
        if b[start + 1] == UInt8(ascii: "?") {
            guard let close = find("?>", from: start + 2) else { return -1 }
            start = close + 2
            return -2
        }
        if end - start < 4 { return -1 }
        if has("<!--", at: start) {
            guard let close = find("-->", from: start + 4) else { return -1 }
            start = close + 3
            return -2
        }
        if end - start < 9 { return -1 }
        if has("<![CDATA[", at: start) {
            guard let close = find("]]>", from: start + 9) else { return -1 }
            if collecting { text.append(contentsOf: UnsafeBufferPointer(start: b + start + 9, count: close - start - 9)) }
            start = close + 3
            return -2
        }
        // Mark the error; `tag` reports it.
        specialError = malformed("a DOCTYPE or an unknown declaration")
        var i = start
        while i < end && b[i] != UInt8(ascii: ">") { i += 1 }
        return i < end ? i : -1
    }

    private func tag<H: XMLHandler>(_ handler: H, length: Int) throws {
        if let specialError { throw specialError }
        let b = buffer + start
        if b[1] == UInt8(ascii: "/") {
            // an end tag: `</name>` with optional white space before `>`
            var n = 2
            while n < length - 1 && !isSpace(b[n]) { n += 1 }
            let qname = XMLBytes(base: b + 2, count: n - 2)
            guard let top = open.popLast(), top == qname.hash else { throw malformed("mismatched end tag </\(qname.string)>") }
            try handler.end(qname.local, self)
            return
        }
        var n = 1
        while n < length - 1 && !isSpace(b[n]) && b[n] != UInt8(ascii: "/") { n += 1 }
        let qname = XMLBytes(base: b + 1, count: n - 1)
        guard qname.count > 0 else { throw malformed("empty element name") }
        let selfClosing = b[length - 2] == UInt8(ascii: "/")
        if open.isEmpty {
            guard !sawRoot else { throw malformed("content after the root element") }
            sawRoot = true
        }
        let attributes = XMLAttributes(base: b + n, count: length - 1 - n - (selfClosing ? 1 : 0), scanner: self)
        if !selfClosing { open.append(qname.hash) }
        try handler.start(qname.local, attributes, self)
        if selfClosing { try handler.end(qname.local, self) }
    }

    /// The text collected since the last call (or since `collecting` was set), decoded; clears it.
    func takeText() throws -> String {
        defer { text.removeAll(keepingCapacity: true) }
        return try text.withUnsafeBufferPointer { try XMLScanner.decode($0, self) }
    }

    /// Drops the text collected so far.
    func clearText() { text.removeAll(keepingCapacity: true) }

    /// Entities and character references decoded, CR LF and CR read as LF.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ scanner: XMLScanner) throws -> String {
        var plain = true
        for c in bytes where c == UInt8(ascii: "&") || c == 13 { plain = false; break }
        if plain { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == 13 {
                out.append(10)
                i += (i + 1 < n && bytes[i + 1] == 10) ? 2 : 1
                continue
            }
            guard c == UInt8(ascii: "&") else { out.append(c); i += 1; continue }
            var j = i + 1
            while j < n && bytes[j] != UInt8(ascii: ";") && j - i < 12 { j += 1 }
            guard j < n, bytes[j] == UInt8(ascii: ";") else { throw scanner.malformed("an unterminated entity") }
            let name = XMLBytes(base: bytes.baseAddress! + i + 1, count: j - i - 1)
            if name.equals("lt") { out.append(UInt8(ascii: "<")) }
            else if name.equals("gt") { out.append(UInt8(ascii: ">")) }
            else if name.equals("amp") { out.append(UInt8(ascii: "&")) }
            else if name.equals("quot") { out.append(UInt8(ascii: "\"")) }
            else if name.equals("apos") { out.append(UInt8(ascii: "'")) }
            else if name.count >= 2, name.base[0] == UInt8(ascii: "#") {
                var value: UInt32 = 0
                let hex = name.base[1] == UInt8(ascii: "x")
                var k = hex ? 2 : 1
                guard k < name.count else { throw scanner.malformed("a bad character reference") }
                while k < name.count {
                    let d = name.base[k]
                    let digit: UInt32
                    switch d {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(d - 48)
                    case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(d - 87)
                    case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(d - 55)
                    default: throw scanner.malformed("a bad character reference")
                    }
                    value = value * (hex ? 16 : 10) + digit
                    guard value <= 0x10FFFF else { throw scanner.malformed("a bad character reference") }
                    k += 1
                }
                guard value != 0, let scalar = Unicode.Scalar(value) else { throw scanner.malformed("a bad character reference") }
                out.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                throw scanner.malformed("an unknown entity &\(name.string);")
            }
            i = j + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What a part's reader does with the scanner's elements. `name` is the local name.
protocol XMLHandler: AnyObject {
    func start(_ name: XMLBytes, _ attributes: XMLAttributes, _ scanner: XMLScanner) throws
    func end(_ name: XMLBytes, _ scanner: XMLScanner) throws
}

/// A run of bytes inside the scanner's buffer, valid during the call that received it.
struct XMLBytes {
    let base: UnsafePointer<UInt8>
    let count: Int

    init(base: UnsafePointer<UInt8>, count: Int) { self.base = base; self.count = count }
    init(base: UnsafeMutablePointer<UInt8>, count: Int) { self.base = UnsafePointer(base); self.count = count }

    @inline(__always)
    func equals(_ s: StaticString) -> Bool {
        count == s.utf8CodeUnitCount && memcmpBytes(base, s.utf8Start, count)
    }

    /// The part after the last `:`.
    var local: XMLBytes {
        var i = count - 1
        while i >= 0 && base[i] != UInt8(ascii: ":") { i -= 1 }
        return i < 0 ? self : XMLBytes(base: base + i + 1, count: count - i - 1)
    }

    var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// A non-negative decimal integer (no sign, no spaces), or nil.
    var int: Int? {
        guard count > 0, count <= 18 else { return nil }
        var v = 0
        for i in 0..<count {
            let d = base[i]
            guard d >= 48 && d <= 57 else { return nil }
            v = v * 10 + Int(d - 48)
        }
        return v
    }

    var hash: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<count { h = (h ^ UInt64(base[i])) &* 0x100_0000_01b3 }
        return h
    }
}

/// The attributes of a start tag, read in one pass.
struct XMLAttributes {
    let base: UnsafePointer<UInt8>
    let count: Int
    let scanner: XMLScanner

    init(base: UnsafeMutablePointer<UInt8>, count: Int, scanner: XMLScanner) {
        self.base = UnsafePointer(base); self.count = max(0, count); self.scanner = scanner
    }

    /// Calls `body` with each attribute's local name and raw (undecoded) value.
    func forEach(_ body: (XMLBytes, XMLBytes) throws -> Void) throws {
        var i = 0
        while true {
            while i < count && isSpace(base[i]) { i += 1 }
            if i >= count { return }
            let nameStart = i
            while i < count && base[i] != UInt8(ascii: "=") && !isSpace(base[i]) { i += 1 }
            let name = XMLBytes(base: base + nameStart, count: i - nameStart)
            while i < count && isSpace(base[i]) { i += 1 }
            guard i < count, base[i] == UInt8(ascii: "="), name.count > 0 else { throw scanner.malformed("a bad attribute") }
            i += 1
            while i < count && isSpace(base[i]) { i += 1 }
            guard i < count, base[i] == UInt8(ascii: "\"") || base[i] == UInt8(ascii: "'") else { throw scanner.malformed("an unquoted attribute") }
            let quote = base[i]
            i += 1
            let valueStart = i
            while i < count && base[i] != quote { i += 1 }
            guard i < count else { throw scanner.malformed("an unterminated attribute") }
            let value = XMLBytes(base: base + valueStart, count: i - valueStart)
            guard memchrByte(value.base, UInt8(ascii: "<"), value.count) == nil else { throw scanner.malformed("`<` in an attribute") }
            i += 1
            try body(name.local, value)
        }
    }

    /// An attribute's decoded value by local name.
    func value(_ local: StaticString) throws -> String? {
        var found: String?
        try forEach { name, value in
            if found == nil && name.equals(local) { found = try decode(value) }
        }
        return found
    }

    /// A raw value decoded (entities; white space in attribute values is kept as written, less CR).
    func decode(_ value: XMLBytes) throws -> String {
        try XMLScanner.decode(UnsafeBufferPointer(start: value.base, count: value.count), scanner)
    }
}

@inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 10 || c == 9 || c == 13 }

@inline(__always) func memchrByte(_ p: UnsafePointer<UInt8>, _ byte: UInt8, _ n: Int) -> UnsafePointer<UInt8>? {
    guard n > 0 else { return nil }
    return memchr(p, Int32(byte), n).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) }
}

@inline(__always) func memchrByte(_ p: UnsafeMutablePointer<UInt8>, _ byte: UInt8, _ n: Int) -> UnsafePointer<UInt8>? {
    memchrByte(UnsafePointer(p), byte, n)
}

@inline(__always) func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    memcmp(a, b, n) == 0
}

@inline(__always) func memcmpBytes(_ a: UnsafeMutablePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    memcmp(a, b, n) == 0
}
