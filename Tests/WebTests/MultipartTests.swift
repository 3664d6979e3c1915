import Testing
@testable import Web

@Suite struct MultipartTests {
    static let type = "multipart/form-data; boundary=XyZ"

    static func parse(_ body: String, type: String = MultipartTests.type) -> Result<[MultipartPart], MultipartError> {
        Multipart.parse(body: Array(body.utf8), contentType: type)
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var body: String
        var type: String = MultipartTests.type
        /// Expected (name, fileName, body) of each part, or nil when the body must be refused.
        var parts: [(String, String?, String)]?
    }

    static let cases: [Case] = [
        Case(description: "one field", body: "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc\r\n--XyZ--\r\n",
             parts: [("_csrf", nil, "abc")]),
        Case(description: "field and file with CRLF inside", body: "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
             + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\nContent-Type: text/csv\r\n\r\nx;y\r\n1;2\r\n--XyZ--",
             parts: [("a", nil, "1"), ("file", "r.csv", "x;y\r\n1;2")]),
        Case(description: "preamble and epilogue", body: "ignored\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--XyZ--\r\nepilogue",
             parts: [("a", nil, "")]),
        Case(description: "quoted boundary", body: "--a b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--a b--",
             type: "multipart/form-data; boundary=\"a b\"", parts: [("a", nil, "v")]),
        Case(description: "RFC 5987 filename*", body: "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"; "
             + "filename*=UTF-8''%D0%B8%D1%82%D0%BE%D0%B3%D0%B8.xlsx\r\n\r\nPK\r\n--XyZ--", parts: [("file", "итоги.xlsx", "PK")]),
        Case(description: "escaped quote in filename", body: "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\\\"b;c.csv\"\r\n\r\n1\r\n--XyZ--",
             parts: [("f", "a\"b;c.csv", "1")]),
        Case(description: "boundary-like text inside content", body: "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n--XyZ is not at a line start\r\n--XyZ--",
             parts: [("f", nil, "--XyZ is not at a line start")]),
        Case(description: "no boundary parameter", body: "--XyZ--", type: "multipart/form-data", parts: nil),
        Case(description: "not multipart", body: "a=1", type: "application/x-www-form-urlencoded", parts: nil),
        Case(description: "boundary too long", body: "", type: "multipart/form-data; boundary=" + String(repeating: "x", count: 71), parts: nil),
        Case(description: "empty body", body: "", parts: nil),
        Case(description: "unterminated part", body: "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc", parts: nil),
        Case(description: "headers not closed", body: "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n", parts: nil),
        Case(description: "LF instead of CRLF after the delimiter", body: "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\nabc\n--XyZ--", parts: nil),
        Case(description: "part without a name", body: "--XyZ\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--XyZ--", parts: nil),
        Case(description: "not form-data", body: "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nabc\r\n--XyZ--", parts: nil),
        Case(description: "header without colon", body: "--XyZ\r\nContent-Disposition form-data\r\n\r\nabc\r\n--XyZ--", parts: nil),
        Case(description: "unterminated quoted name", body: "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nabc\r\n--XyZ--", parts: nil),
        Case(description: "bad filename* charset", body: "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename*=KOI8-R''%C1\r\n\r\n1\r\n--XyZ--", parts: nil),
        Case(description: "header block over the limit",
             body: "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Long: " + String(repeating: "x", count: 9000) + "\r\n\r\nv\r\n--XyZ--",
             parts: nil),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) {
        let result = Self.parse(c.body, type: c.type)
        switch (result, c.parts) {
        case (.success(let parts), let expected?):
            #expect(parts.map(\.name) == expected.map(\.0))
            #expect(parts.map(\.fileName) == expected.map(\.1))
            #expect(parts.map { String(decoding: $0.body, as: UTF8.self) } == expected.map(\.2))
        case (.failure, nil):
            break
        case (.success(let parts), nil):
            Issue.record("\(c.description): expected a refusal, got \(parts.count) parts")
        case (.failure(let error), _?):
            Issue.record("\(c.description): refused with \(error)")
        }
    }

    @Test func tooManyPartsAreRefused() {
        // A half-year report of 12 measures sends 7 parts a measure (the cap of 64 refused it as a damaged file).
        #expect(Multipart.maximumParts >= 12 * 7 + 4)
        let part = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
        let many = String(repeating: part, count: Multipart.maximumParts + 1) + "--XyZ--"
        if case .failure(let e) = Self.parse(many) { #expect(e == .tooManyParts) } else { Issue.record("accepted too many parts") }
        let enough = String(repeating: part, count: Multipart.maximumParts) + "--XyZ--"
        if case .success(let parts) = Self.parse(enough) { #expect(parts.count == Multipart.maximumParts) } else { Issue.record("refused") }
    }

    @Test func everyTruncationIsAnErrorNotACrash() {
        let body = Array(("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\nx;y\r\n1;2\r\n--XyZ--").utf8)
        for n in 0..<body.count - 2 {
            if case .success = Multipart.parse(body: Array(body.prefix(n)), contentType: Self.type) {
                Issue.record("truncated at \(n) accepted")
            }
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var mutated = body
            mutated[Int.random(in: 0..<mutated.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            _ = Multipart.parse(body: mutated, contentType: Self.type)
        }
    }
}
