/// Builds the syntax tree from tokens and checks section nesting.
struct Parser {
    let file: String
    let tokens: [Token]
    private var pos = 0

    init(file: String, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    /// The first tag must be `{{! model: TypeName }}`.
    mutating func parseTemplate(baseName: String) throws -> Template {
        var model: String?
        for (index, token) in tokens.enumerated() {
            if case .text = token.kind { continue }
            if case .comment(let c) = token.kind, c.hasPrefix("model:") {
                let type = String(c.dropFirst("model:".count)).trimmingBlanks()
                if isTypeName(type) {
                    model = type
                    pos = index + 1
                }
            }
            break
        }
        guard let model else {
            let line = tokens.first(where: { if case .text = $0.kind { return false } else { return true } })?.line ?? 1
            throw Diagnostic(file: file, line: line, message: "missing model declaration: the first tag must be {{! model: TypeName }}")
        }
        // Text before the declaration (blank lines, a BOM) is dropped.
        let (nodes, _) = try parseBody(closing: nil, openLine: 1, allowElse: false)
        return Template(path: file, baseName: baseName, modelType: model, nodes: nodes)
    }

    /// A Swift type as written: `Page`, `Foo.Bar`, `Row?`, `[Row]`, `Pair<A, B>`. The compiler checks the rest.
    private func isTypeName(_ s: String) -> Bool {
        guard let f = s.first, f.isLetter || f == "_" || f == "[" || f == "(" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || "_.?[]<>(),: ".contains($0) }
    }

    private mutating func parseBody(closing: String?, openLine: Int, allowElse: Bool) throws -> ([Node], [Node]?) {
        var body: [Node] = []
        var otherwise: [Node]?
        func add(_ node: Node) {
            if otherwise != nil { otherwise!.append(node) } else { body.append(node) }
        }
        while pos < tokens.count {
            let token = tokens[pos]
            pos += 1
            let line = token.line
            switch token.kind {
            case .text(let s):
                add(.text(s))
            case .comment:
                break
            case .variable(let p):
                add(.variable(p, line: line))
            case .trusted(let p):
                add(.trusted(p, line: line))
            case .close(let name):
                guard let closing else {
                    throw Diagnostic(file: file, line: line, message: "unexpected '{{/\(name)}}': no open section")
                }
                guard name == closing else {
                    throw Diagnostic(file: file, line: line, message: "mismatched '{{/\(name)}}': expected '{{/\(closing)}}' for the section opened at line \(openLine)")
                }
                return (body, otherwise)
            case .elseTag:
                guard allowElse else {
                    throw Diagnostic(file: file, line: line, message: "'{{else}}' outside #if, #unless, #each or #with")
                }
                guard otherwise == nil else {
                    throw Diagnostic(file: file, line: line, message: "second '{{else}}' in the section opened at line \(openLine)")
                }
                otherwise = []
            case .ifOpen(let p):
                let (a, b) = try parseBody(closing: "if", openLine: line, allowElse: true)
                add(.condition(p, negated: false, then: a, otherwise: b ?? [], line: line))
            case .unlessOpen(let p):
                let (a, b) = try parseBody(closing: "unless", openLine: line, allowElse: true)
                add(.condition(p, negated: true, then: a, otherwise: b ?? [], line: line))
            case .invertedOpen(let p):
                let (a, _) = try parseBody(closing: p.source, openLine: line, allowElse: false)
                add(.condition(p, negated: true, then: a, otherwise: [], line: line))
            case .eachOpen(let p):
                let (a, b) = try parseBody(closing: "each", openLine: line, allowElse: true)
                add(.each(p, body: a, otherwise: b, line: line))
            case .withOpen(let p):
                let (a, b) = try parseBody(closing: "with", openLine: line, allowElse: true)
                add(.with(p, body: a, otherwise: b ?? [], line: line))
            case .partial(let name, let p):
                add(.partial(name: name, path: p, line: line))
            case .blockOpen(let name):
                let (a, _) = try parseBody(closing: name, openLine: line, allowElse: false)
                add(.blockSlot(name: name, defaultBody: a, line: line))
            case .layoutOpen(let name, let p):
                let (a, _) = try parseBody(closing: name, openLine: line, allowElse: false)
                var blocks: [BlockOverride] = []
                for node in a {
                    switch node {
                    case .blockSlot(let bname, let bbody, let bline):
                        if blocks.contains(where: { $0.name == bname }) {
                            throw Diagnostic(file: file, line: bline, message: "block '\(bname)' given twice for layout '\(name)'")
                        }
                        blocks.append(BlockOverride(name: bname, body: bbody, line: bline))
                    case .text(let s) where s.allSatisfy(\.isWhitespace):
                        continue
                    default:
                        throw Diagnostic(file: file, line: line, message: "inside '{{< \(name)}}' only blocks '{{$name}}…{{/name}}' are allowed")
                    }
                }
                add(.layoutUse(name: name, path: p, blocks: blocks, line: line))
            }
        }
        if let closing {
            throw Diagnostic(file: file, line: openLine, message: "unclosed section: '{{/\(closing)}}' is missing")
        }
        return (body, otherwise)
    }
}
