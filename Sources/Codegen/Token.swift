/// A template path: `.`, `name`, `a.b.c`, `../name`, `../../a.b`.
struct TemplatePath: Equatable {
    var up: Int
    var components: [String]
    var source: String
}

enum TokenKind {
    case text(String)
    case variable(TemplatePath)
    case trusted(TemplatePath)
    case comment(String)
    case ifOpen(TemplatePath)
    case unlessOpen(TemplatePath)
    case eachOpen(TemplatePath)
    case withOpen(TemplatePath)
    case invertedOpen(TemplatePath)
    case elseTag
    case close(String)
    case partial(name: String, path: TemplatePath?)
    case layoutOpen(name: String, path: TemplatePath)
    case blockOpen(String)

    /// Tags that vanish with their whole line when alone on it (Mustache "standalone").
    var canStandAlone: Bool {
        switch self {
        case .text, .variable, .trusted: return false
        default: return true
        }
    }
}

struct Token {
    let kind: TokenKind
    let line: Int
}
