/// Template syntax tree.
indirect enum Node {
    case text(String)
    case variable(TemplatePath, line: Int)
    case trusted(TemplatePath, line: Int)
    /// `#if` (negated: false), `#unless` and `^inverted` (negated: true).
    case condition(TemplatePath, negated: Bool, then: [Node], otherwise: [Node], line: Int)
    case each(TemplatePath, body: [Node], otherwise: [Node]?, line: Int)
    case with(TemplatePath, body: [Node], otherwise: [Node], line: Int)
    case partial(name: String, path: TemplatePath?, line: Int)
    /// `{{< layout path}}{{$block}}…{{/block}}{{/layout}}` in a page.
    case layoutUse(name: String, path: TemplatePath, blocks: [BlockOverride], line: Int)
    /// `{{$block}}default{{/block}}` in a layout.
    case blockSlot(name: String, defaultBody: [Node], line: Int)
}

struct BlockOverride {
    let name: String
    let body: [Node]
    let line: Int
}

/// One parsed template file.
struct Template {
    let path: String
    /// File name without `.html`, e.g. `_school_row`.
    let baseName: String
    let modelType: String
    let nodes: [Node]

    var isPartial: Bool { baseName.hasPrefix("_") }

    /// Block names in order of first appearance: a layout's parameters.
    var blockNames: [String] {
        var seen: [String] = []
        func walk(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .blockSlot(let name, let body, _):
                    if !seen.contains(name) { seen.append(name) }
                    walk(body)
                case .condition(_, _, let a, let b, _): walk(a); walk(b)
                case .each(_, let a, let b, _): walk(a); walk(b ?? [])
                case .with(_, let a, let b, _): walk(a); walk(b)
                case .layoutUse(_, _, let blocks, _): for b in blocks { walk(b.body) }
                default: break
                }
            }
        }
        walk(nodes)
        return seen
    }
}
