import Foundation
import Testing

/// Escaping of `{{value}}` is only safe in text and quoted attributes: every template (new ones too) is read for
/// interpolation in places where escaping does not protect.
@Suite struct TemplateSafetyTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Sources/Web/Templates").standardizedFileURL

    static func templates() throws -> [(String, String)] {
        let paths = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return try paths.filter { $0.hasSuffix(".html") }.sorted().map {
            ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test func valuesAreInterpolatedOnlyInTextAndQuotedAttributes() throws {
        let templates = try Self.templates()
        #expect(templates.count >= 20, "templates not found in \(Self.folder.path)")
        let unsafe: [(String, NSRegularExpression)] = try [
            ("an unquoted attribute", NSRegularExpression(pattern: #"=\s*\{\{"#)),
            ("an event-handler attribute", NSRegularExpression(pattern: #"\son[a-z]+\s*=\s*["'][^"']*\{\{"#, options: .caseInsensitive)),
            ("a style attribute", NSRegularExpression(pattern: #"\sstyle\s*=\s*["'][^"']*\{\{"#, options: .caseInsensitive)),
            ("a script or style element", NSRegularExpression(pattern: #"<(script|style)\b"#, options: .caseInsensitive)),
            ("an inline event handler", NSRegularExpression(pattern: #"<[a-z][^>]*\son[a-z]+\s*="#, options: .caseInsensitive)),
        ]
        for (name, text) in templates {
            let range = NSRange(text.startIndex..., in: text)
            for (what, pattern) in unsafe {
                for match in pattern.matches(in: text, range: range) {
                    let line = text[..<Range(match.range, in: text)!.lowerBound].filter { $0 == "\n" }.count + 1
                    Issue.record("\(name):\(line): \(what)")
                }
            }
        }
    }
}
