/// The one check for every link field (practice materials, report evidence, event materials): `http://` or
/// `https://`, a host, no whitespace, quotes, angle brackets, backticks, backslashes or control characters, at most
/// `maxLength` characters. Such a link is safe in an `href` and in a CSV cell, and it opens what the user typed.
public enum LinkURL {
    public static let maxLength = 2000
    public static let message = "Укажите ссылку, начинающуюся с http:// или https://, без пробелов и кавычек (не длиннее 2000 знаков)"

    public static func isValid(_ text: String) -> Bool {
        guard text.count <= maxLength,
              !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
                  || "\"'<>`\\".unicodeScalars.contains($0) || $0.properties.generalCategory == .format })
        else { return false }
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring, port: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return false }
            port = after.dropFirst()
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
            port = ""
        }
        guard !host.isEmpty, !host.hasPrefix("."), !host.contains(".."), port.allSatisfy({ $0.isASCII && $0.isNumber }), port.count <= 5
        else { return false }
        return true
    }

    /// The field's error, or nil: empty is for the caller to judge (most link fields are optional).
    public static func error(_ text: String, field: String) -> FieldError? {
        isValid(text) ? nil : FieldError(field, message)
    }
}
