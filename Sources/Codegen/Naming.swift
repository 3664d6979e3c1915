/// `school_list` -> `schoolList`, `_school_row` -> `_schoolRow` (the leading `_` marks partials).
func functionName(forBaseName base: String) -> String {
    let leading = base.hasPrefix("_") ? "_" : ""
    let words = base.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." || $0 == " " })
    var name = leading
    for (i, w) in words.enumerated() {
        name += i == 0 ? w.prefix(1).lowercased() + w.dropFirst() : w.prefix(1).uppercased() + w.dropFirst()
    }
    return swiftKeywords.contains(name) ? "`\(name)`" : name
}

let swiftKeywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
    "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough",
    "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "catch", "false", "is", "nil",
    "super", "self", "Self", "throw", "throws", "true", "try", "Any", "some", "any",
]

/// A Swift string literal (escaped, one line) for arbitrary text.
func swiftStringLiteral(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
