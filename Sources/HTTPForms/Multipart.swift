/// One part of a `multipart/form-data` body.
public struct MultipartPart: Sendable, Equatable {
    public var name: String
    /// The file name as sent (from `filename*` when given, else `filename`); nil for a plain field.
    public var fileName: String?
    public var contentType: String?
    public var body: [UInt8]

    /// The body as UTF-8 text (a plain field), nil when not valid UTF-8.
    public var text: String? { String(validating: body, as: UTF8.self) }
}

public enum MultipartError: Error, Sendable, Equatable {
    case notMultipart
    case missingBoundary
    case malformed(String)
    case tooManyParts
    case headerTooLarge
}

/// A strict `multipart/form-data` parser (RFC 7578 over RFC 2046) over a body already bounded by
/// the route's limit: the boundary from Content-Type, CRLF line ends, Content-Disposition with
/// `name`, `filename` and RFC 5987 `filename*`. Anything unexpected is an error, never a crash.
public enum Multipart {
    /// As many as a url-encoded form may have fields: the report form sends seven parts a measure.
    public static let maximumParts = FormData.maximumFields
    public static let maximumHeaderBytes = 8 * 1024

    /// The boundary of a `multipart/form-data` Content-Type.
    public static func boundary(contentType: String) -> Result<[UInt8], MultipartError> {
        let parts = contentType.split(separator: ";", omittingEmptySubsequences: false)
        guard let type = parts.first, trim(type).lowercased() == "multipart/form-data" else { return .failure(.notMultipart) }
        for p in parts.dropFirst() {
            guard let (key, value) = parameter(Substring(p)) else { return .failure(.malformed("параметр Content-Type")) }
            if key == "boundary" {
                let bytes = Array(value.utf8)
                guard (1...70).contains(bytes.count), bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), bytes.last != 0x20 else {
                    return .failure(.missingBoundary)
                }
                return .success(bytes)
            }
        }
        return .failure(.missingBoundary)
    }

    public static func parse(body: [UInt8], contentType: String) -> Result<[MultipartPart], MultipartError> {
        let boundary: [UInt8]
        switch Self.boundary(contentType: contentType) {
        case .success(let b): boundary = b
        case .failure(let e): return .failure(e)
        }
        let dash: [UInt8] = [0x2D, 0x2D]
        let crlf: [UInt8] = [0x0D, 0x0A]
        let delimiter = crlf + dash + boundary
        // The first delimiter: at the very start, or after a preamble ending in CRLF.
        var position: Int
        if body.starts(with: dash + boundary) {
            position = boundary.count + 2
        } else if let found = find(delimiter, in: body, from: 0) {
            position = found + delimiter.count
        } else {
            return .failure(.malformed("нет разделителя частей"))
        }
        var parts: [MultipartPart] = []
        while true {
            // After a delimiter: `--` closes the body; otherwise optional white space, then CRLF.
            if body.count - position >= 2 && body[position] == 0x2D && body[position + 1] == 0x2D {
                return .success(parts)   // the epilogue after the close delimiter is ignored
            }
            while position < body.count && (body[position] == 0x20 || body[position] == 0x09) { position += 1 }
            guard body.count - position >= 2, body[position] == 0x0D, body[position + 1] == 0x0A else {
                return .failure(.malformed("после разделителя нет перевода строки"))
            }
            position += 2
            if parts.count == maximumParts { return .failure(.tooManyParts) }
            // Headers up to an empty line.
            let headerLimit = min(body.count, position + maximumHeaderBytes)
            guard let headerEnd = find(crlf + crlf, in: body, from: position, until: headerLimit) ?? (
                body.count - position >= 2 && body[position] == 0x0D && body[position + 1] == 0x0A ? position - 2 : nil)
            else {
                return .failure(body.count - position > maximumHeaderBytes ? .headerTooLarge : .malformed("заголовки части не закончены"))
            }
            var name: String? = nil, fileName: String? = nil, fileNameStar: String? = nil, contentType: String? = nil
            if headerEnd > position {
                guard let headerText = String(validating: body[position..<headerEnd], as: UTF8.self) else {
                    return .failure(.malformed("заголовки части не в UTF-8"))
                }
                for line in headerText.split(separator: "\r\n", omittingEmptySubsequences: false) {
                    // A bare CR or LF (or any control but tab) inside a header line would end up in a name.
                    if line.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
                        return .failure(.malformed("управляющий символ в заголовке части"))
                    }
                    guard let colon = line.firstIndex(of: ":") else { return .failure(.malformed("строка заголовка без двоеточия")) }
                    let key = trim(line[..<colon]).lowercased()
                    let value = Substring(line[line.index(after: colon)...])
                    if line.first == " " || line.first == "\t" { return .failure(.malformed("продолжение заголовка")) }
                    switch key {
                    case "content-disposition":
                        let items = split(value)
                        guard let first = items.first, trim(first).lowercased() == "form-data" else {
                            return .failure(.malformed("Content-Disposition не form-data"))
                        }
                        for item in items.dropFirst() {
                            guard let (k, v) = parameter(item) else { return .failure(.malformed("параметр Content-Disposition")) }
                            switch k {
                            case "name": name = v
                            case "filename": fileName = v
                            case "filename*":
                                guard let decoded = rfc5987(v) else { return .failure(.malformed("filename*")) }
                                fileNameStar = decoded
                            default: break
                            }
                        }
                    case "content-type": contentType = trim(value)
                    default: break
                    }
                }
            }
            guard let name else { return .failure(.malformed("у части нет имени")) }
            let contentStart = headerEnd + 4
            guard let end = find(delimiter, in: body, from: contentStart) else {
                return .failure(.malformed("часть не закрыта разделителем"))
            }
            // `end` is where CRLF--boundary starts; an empty body has its delimiter right after the blank line.
            let content = end >= contentStart ? Array(body[contentStart..<end]) : []
            parts.append(MultipartPart(name: name, fileName: fileNameStar ?? fileName, contentType: contentType, body: content))
            position = end + delimiter.count
        }
    }

    static func trim<S: StringProtocol>(_ s: S) -> String { String(s).trimmingWhitespace() }

    /// `key=value` or `key="quoted \" value"`; the key in lower case. Quotes are found among Unicode scalars,
    /// not Characters: a combining mark after a quote must not hide it.
    static func parameter(_ text: Substring) -> (String, String)? {
        guard let eq = text.unicodeScalars.firstIndex(of: "=") else { return nil }
        let key = trim(Substring(text.unicodeScalars[..<eq])).lowercased()
        let raw = trim(Substring(text.unicodeScalars[text.unicodeScalars.index(after: eq)...])).unicodeScalars
        guard !key.isEmpty else { return nil }
        if raw.first == "\"" {
            guard raw.count >= 2, raw.last == "\"" else { return nil }
            var out = String.UnicodeScalarView()
            var escaped = false
            for c in raw.dropFirst().dropLast() {
                if escaped { out.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { return nil } else { out.append(c) }
            }
            if escaped { return nil }
            return (key, String(out))
        }
        guard !raw.isEmpty, !raw.contains("\"") else { return nil }
        return (key, String(raw))
    }

    /// Splits on `;` outside quoted strings (scanning Unicode scalars).
    static func split(_ text: Substring) -> [Substring] {
        var items: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex, i = scalars.startIndex
        var quoted = false, escaped = false
        while i < scalars.endIndex {
            let c = scalars[i]
            if escaped { escaped = false } else if quoted && c == "\\" { escaped = true } else if c == "\"" { quoted.toggle() } else if c == ";" && !quoted {
                items.append(Substring(scalars[start..<i])); start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        items.append(Substring(scalars[start...]))
        return items
    }

    /// RFC 5987 `UTF-8''%D0%B0.xlsx` (charset UTF-8 only; the language is ignored).
    static func rfc5987(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return PercentDecoding.decode(pieces[2], plusAsSpace: false)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, until: Int? = nil) -> Int? {
        let limit = min(until ?? haystack.count, haystack.count)
        guard !needle.isEmpty, from >= 0, limit - from >= needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = limit - needle.count
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }
}
