import Core
import Testing

/// Issue 13, item 11: one validator for every link field.
@Suite struct LinkURLTests {
    static let hostile = [
        "http://ok.example/a b", "https://ok.example/\">x", "http://x.example/\"onmouseover=alert(1)", "https://ok.example/'x",
        "https://ok.example/<script>", "https://ok.example/`x`", "https://ok.example/a\\b", "javascript:alert(1)", "ftp://ok.example/x",
        "ok.example", "https://", "http:///etc/passwd", "https://:443/x", "https://ok.example:80a/", "https://.example/",
        "https://ok.example/a\u{7F}", "https://ok.example/a\u{1B}", "https://ok.example/a\tb", "https://ok.example/a\u{200B}b",
        "https://ok.example/a\u{00A0}b", "https://ok.example/" + String(repeating: "a", count: 2000), "data:text/html,<b>",
    ]

    @Test func refusesEverythingButPlainWebLinks() {
        for bad in Self.hostile { #expect(!LinkURL.isValid(bad), "\(bad.debugDescription) accepted") }
        for good in ["https://school.example.ru/docs/protocol.pdf", "http://example.ru", "HTTPS://Example.RU/a?b=1&c=%20#x",
                     "https://школа.рф/документы", "http://[::1]:8080/x", "https://user@ok.example:8443/",
                     "https://ok.example/" + String(repeating: "a", count: 2000 - 19)] {
            #expect(LinkURL.isValid(good), "\(good) refused")
        }
        #expect(LinkURL.error("x", field: "url") == FieldError("url", LinkURL.message))
    }
}
