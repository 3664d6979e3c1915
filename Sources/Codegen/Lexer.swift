/// Splits a template into text and tags, removing standalone tag lines.
struct Lexer {
    let file: String
    let bytes: [UInt8]

    init(file: String, source: String) {
        self.file = file
        self.bytes = Array(source.utf8)
    }

    func tokenize() throws -> [Token] {
        var tokens: [Token] = []
        var text: [UInt8] = []
        var textLine = 1
        var line = 1
        var i = 0
        let n = bytes.count

        func flushText() {
            if !text.isEmpty {
                tokens.append(Token(kind: .text(String(decoding: text, as: UTF8.self)), line: textLine))
                text.removeAll(keepingCapacity: true)
            }
        }

        while i < n {
            guard bytes[i] == UInt8(ascii: "{"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "{") else {
                if text.isEmpty { textLine = line }
                text.append(bytes[i])
                if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                i += 1
                continue
            }
            let tagLine = line
            guard let close = find("}}", from: i + 2) else {
                throw Diagnostic(file: file, line: tagLine, message: "unclosed tag '{{' (no matching '}}')")
            }
            let inner = Array(bytes[(i + 2)..<close])
            var end = close + 2
            if inner.first == UInt8(ascii: "{") {
                throw Diagnostic(file: file, line: tagLine, message: "triple mustache '{{{…}}}' is not supported; use {{trusted path}} with a TrustedHTML value")
            }
            let kind = try parseTag(String(decoding: inner, as: UTF8.self), line: tagLine)
            line += inner.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }

            if kind.canStandAlone {
                var lineStart = i
                while lineStart > 0 && bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
                let before = bytes[lineStart..<i].allSatisfy(isBlank)
                var k = end
                while k < n && isBlank(bytes[k]) { k += 1 }
                let atEOL = k == n || bytes[k] == UInt8(ascii: "\n")
                    || (bytes[k] == UInt8(ascii: "\r") && k + 1 < n && bytes[k + 1] == UInt8(ascii: "\n"))
                if before && atEOL {
                    // Whitespace before the tag is the tail of the pending text (no tag can sit in it).
                    text.removeLast(i - lineStart)
                    if k < n {
                        end = bytes[k] == UInt8(ascii: "\r") ? k + 2 : k + 1
                        line += 1
                    } else {
                        end = n
                    }
                }
            }
            flushText()
            tokens.append(Token(kind: kind, line: tagLine))
            i = end
        }
        flushText()
        return tokens
    }

    private func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }

    private func find(_ needle: String, from start: Int) -> Int? {
        let nb = Array(needle.utf8)
        var j = start
        while j + nb.count <= bytes.count {
            if bytes[j] == nb[0] && bytes[j + 1] == nb[1] { return j }
            j += 1
        }
        return nil
    }

    private func parseTag(_ raw: String, line: Int) throws -> TokenKind {
        let content = raw.trimmingBlanks()
        guard let first = content.first else {
            throw Diagnostic(file: file, line: line, message: "empty tag '{{}}'")
        }
        let rest = String(content.dropFirst()).trimmingBlanks()
        switch first {
        case "!":
            return .comment(rest)
        case "&":
            throw Diagnostic(file: file, line: line, message: "'{{& …}}' is not supported; use {{trusted path}} with a TrustedHTML value")
        case "#":
            let (keyword, arg) = rest.splitFirstWord()
            guard !arg.isEmpty else {
                throw Diagnostic(file: file, line: line, message: "'{{#\(keyword)}}' needs a path")
            }
            let path = try parsePath(arg, line: line)
            switch keyword {
            case "if": return .ifOpen(path)
            case "unless": return .unlessOpen(path)
            case "each": return .eachOpen(path)
            case "with": return .withOpen(path)
            default:
                throw Diagnostic(file: file, line: line, message: "unknown section '{{#\(keyword)}}'; use #if, #unless, #each or #with")
            }
        case "^":
            return .invertedOpen(try parsePath(rest, line: line))
        case "/":
            guard !rest.isEmpty else { throw Diagnostic(file: file, line: line, message: "'{{/}}' needs a section name") }
            return .close(rest)
        case ">":
            let (name, arg) = rest.splitFirstWord()
            try checkName(name, what: "partial", line: line)
            return .partial(name: name, path: arg.isEmpty ? nil : try parsePath(arg, line: line))
        case "<":
            let (name, arg) = rest.splitFirstWord()
            try checkName(name, what: "layout", line: line)
            return .layoutOpen(name: name, path: try parsePath(arg.isEmpty ? "." : arg, line: line))
        case "$":
            try checkName(rest, what: "block", line: line)
            return .blockOpen(rest)
        default:
            if content == "else" { return .elseTag }
            let (word, arg) = content.splitFirstWord()
            if word == "trusted" && !arg.isEmpty { return .trusted(try parsePath(arg, line: line)) }
            return .variable(try parsePath(content, line: line))
        }
    }

    private func checkName(_ name: String, what: String, line: Int) throws {
        let ok = !name.isEmpty && name.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
        }
        if !ok { throw Diagnostic(file: file, line: line, message: "invalid \(what) name '\(name)'") }
    }

    func parsePath(_ raw: String, line: Int) throws -> TemplatePath {
        var s = Substring(raw)
        if s == "." { return TemplatePath(up: 0, components: [], source: raw) }
        var up = 0
        while s.hasPrefix("../") { up += 1; s = s.dropFirst(3) }
        if s == "." || (s.isEmpty && up > 0) { return TemplatePath(up: up, components: [], source: raw) }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for p in parts where !isIdentifier(p) {
            throw Diagnostic(file: file, line: line, message: "invalid path '\(raw)' (expected name, a.b.c, '.', or ../name)")
        }
        return TemplatePath(up: up, components: parts, source: raw)
    }

    private func isIdentifier(_ s: String) -> Bool {
        guard let f = s.utf8.first, !(f >= 0x30 && f <= 0x39) else { return false }
        return s.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
        }
    }
}

extension String {
    func trimmingBlanks() -> String {
        let isWS: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let a = firstIndex(where: { !isWS($0) }), let b = lastIndex(where: { !isWS($0) }) else { return "" }
        return String(self[a...b])
    }

    func splitFirstWord() -> (String, String) {
        guard let sp = firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) else { return (self, "") }
        return (String(self[..<sp]), String(self[sp...]).trimmingBlanks())
    }
}
