import Foundation
import Testing
@testable import Spreadsheet

@Suite struct CorruptXLSXTests {
    static func validBook() throws -> Data {
        let writer = XLSXWriter()
        try writer.addSheet(name: "Лист", header: ["a", "b"])
        for i in 0..<300 { try writer.addRow([.text("строка \(i)"), .number(i)]) }
        return try writer.data()
    }

    func readAll(_ data: Data) throws {
        let reader = try XLSXReader(data: data)
        for name in reader.sheetNames { try reader.readRows(sheet: name) { _ in } }
    }

    @Test func truncatedWorkbook() throws {
        let book = try Self.validBook()
        for cut in stride(from: 0, to: book.count, by: max(1, book.count / 97)) {
            #expect(isNotXLSX { try readAll(book.prefix(cut)) }, "cut at \(cut)")
        }
        #expect(isNotXLSX { try readAll(book.prefix(book.count - 1)) })
    }

    @Test func truncatedFileOnDisk() throws {
        let book = try Self.validBook()
        let path = temporaryPath(".xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try book.prefix(book.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(isNotXLSX { _ = try XLSXReader(path: path) })
        #expect(isNotXLSX { _ = try Table(path: path) })
    }

    @Test func damagedBytesNeverCrash() throws {
        let book = try Self.validBook()
        var generator = SplitMix(seed: 42)
        for iteration in 0..<300 {
            if ProcessInfo.processInfo.environment["TRACE"] != nil { FileHandle.standardError.write(Data("iteration \(iteration)\n".utf8)) }
            var bytes = [UInt8](book)
            for _ in 0..<(1 + Int(generator.next() % 8)) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                try readAll(Data(bytes))
            } catch let error as SpreadsheetError {
                // a damaged size in a header may also claim a part over the caps
                switch error {
                case .notXLSX, .tooLarge: break
                default: Issue.record("unexpected \(error)")
                }
            }
        }
    }

    @Test func namesThatAreNotUTF8AreRefusedNotACrash() throws {
        // FoundationXML force-unwraps element and attribute names decoded as UTF-8: these crashed the process.
        let main = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row>"
        for bad in [[0x3C, 0x63, 0xC3, 0x28, 0x2F, 0x3E], [0x3C, 0x63, 0x20, 0x61, 0xFF, 0xFE, 0x3D, 0x22, 0x31, 0x22, 0x2F, 0x3E],
                    [0x3C, 0x63, 0xED, 0xA0, 0x80, 0x2F, 0x3E], [0x3C, 0x63, 0xE2, 0x82]] as [[UInt8]] {
            let sheet = BombPart(path: "xl/worksheets/sheet1.xml", head: main, headBytes: bad, tail: "</row></sheetData></worksheet>")
            #expect(isNotXLSX { try readAll(bombBook(sheet: sheet)) }, "\(bad)")
        }
        // Valid UTF-8 of every length still reads.
        let sheet = BombPart(path: "xl/worksheets/sheet1.xml", head: main + "<c t=\"inlineStr\"><is><t>a é № 😀</t></is></c>",
                             tail: "</row></sheetData></worksheet>")
        #expect(try XLSXReader(data: bombBook(sheet: sheet)).rows().first?.cells.first??.string == "a é № 😀")
    }

    @Test func randomBytes() {
        var generator = SplitMix(seed: 7)
        for length in [0, 1, 4, 22, 100, 5000] {
            let bytes = Data((0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            #expect(isNotXLSX { try readAll(bytes) })
        }
        // zip magic then garbage
        #expect(isNotXLSX { try readAll(Data([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0xAB, count: 200))) })
    }

    @Test func emptyZipAndZipWithoutWorkbook() throws {
        let empty = Data([0x50, 0x4B, 0x05, 0x06] + Array(repeating: 0, count: 18))
        #expect(isNotXLSX { try readAll(empty) })
        #expect(isNotXLSX { try readAll(try makeZip([("readme.txt", "hello")])) })
        #expect(isNotXLSX { try readAll(try makeZip([("xl/workbook.xml", "<workbook><sheets>")])) })
        #expect(isNotXLSX { try readAll(try makeZip([("xl/workbook.xml", "<html/>")])) })
        // a workbook whose sheet part is missing or not XML
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let wb = "<workbook xmlns=\"\(main)\"><sheets><sheet name=\"A\" sheetId=\"1\"/></sheets></workbook>"
        #expect(isNotXLSX { try readAll(try makeZip([("xl/workbook.xml", wb)])) })
        #expect(isNotXLSX { try readAll(try makeZip([("xl/workbook.xml", wb), ("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>")])) })
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: SpreadsheetError.self) { _ = try XLSXReader(path: "/nonexistent/книга.xlsx") }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
