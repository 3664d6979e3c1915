import Foundation

/// Every download's name: RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name percent-encoded,
/// both cleaned of what file systems refuse (exports, templates, uploaded documents alike).
public enum ContentDisposition {
    /// `attachment` named `fileName` (Cyrillic allowed); the ASCII name is `asciiFallback`, or `fileName`, cleaned.
    public static func attachment(fileName: String, asciiFallback: String? = nil) -> String {
        let name = Self.fileName(fileName)
        var encoded = ""
        for byte in name.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "!#$&+-.^_`|~".contains(c) {
                encoded.append(c)
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return "attachment; filename=\"\(asciiFileName(asciiFallback ?? name))\"; filename*=UTF-8''\(encoded)"
    }

    /// «2023/2024», quotes, `<>` and other characters that file systems refuse (and control characters) become «-».
    public static func fileName(_ title: String) -> String {
        let cleaned = String(title.unicodeScalars.map { s -> Character in
            "/\\:*?\"<>|".unicodeScalars.contains(s) || s.value < 0x20 || s.value == 0x7F || s.properties.isNoncharacterCodePoint
                || s.properties.generalCategory == .lineSeparator || s.properties.generalCategory == .paragraphSeparator ? "-" : Character(s)
        })
        return cleaned.isEmpty ? "export" : cleaned
    }

    /// ASCII letters, digits, `-`, `_` and `.` are kept, anything else becomes «-»; «export» when nothing is left.
    public static func asciiFileName(_ name: String) -> String {
        let kept = name.unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == ".") ? Character(s) : "-"
        }
        let text = String(kept)
        return text.isEmpty ? "export" : text
    }
}
