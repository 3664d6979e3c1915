import Foundation
import Testing
@testable import Spreadsheet

/// Zip bombs are refused with `SpreadsheetError.tooLarge`, after inflating at most one chunk past a cap.
@Suite struct ZipBombTests {
    /// Inflating stops within one chunk of XMLParser's reads (128 KiB) past a cap.
    static let chunk = 1 << 17
    static let sheet = "xl/worksheets/sheet1.xml"

    /// Reads every row; returns the error and the bytes inflated when it was thrown.
    func refusal(_ book: Data, _ limits: XLSXLimits = .default, rows: inout Int) -> (SpreadsheetError?, Int) {
        var reader: XLSXReader?
        do {
            reader = try XLSXReader(data: book, limits: limits)
            try reader!.readRows { _ in rows += 1 }
            return (nil, reader!.bytesInflated)
        } catch let error as SpreadsheetError {
            return (error, reader?.bytesInflated ?? 0)
        } catch {
            return (.io("\(error)"), 0)
        }
    }

    func refusal(_ book: Data, _ limits: XLSXLimits = .default) -> (SpreadsheetError?, Int) {
        var rows = 0
        return refusal(book, limits, rows: &rows)
    }

    @Test func aSheetBombIsRefusedByTheCompressionRatioWithTheDefaultLimits() throws {
        // 48 MiB of one repeated row in about 50 KB: far under the part cap, far over the ratio.
        let book = bombBook(sheet: repeatedRowSheet(times: 700_000))
        let (error, inflated) = refusal(book)
        #expect(error == .tooLarge(.compressionRatio(Self.sheet, limit: XLSXLimits.default.maxCompressionRatio)))
        #expect(error?.description.hasPrefix("Файл слишком большой после распаковки: степень сжатия части «xl/worksheets/sheet1.xml» выше 100:1") == true)
        #expect(inflated <= XLSXLimits.default.ratioFloorBytes + Self.chunk + 4096, "inflated \(inflated)")
    }

    @Test func aPartDeclaredOverTheCapIsRefusedBeforeInflating() throws {
        // The bomb: a sheet declared at 1 GiB (its deflate stream here is short: it is never read).
        let book = bombBook(sheet: repeatedRowSheet(times: 10, declaredSize: 1 << 30))
        let (error, inflated) = refusal(book)
        #expect(error == .tooLarge(.part(Self.sheet, limitBytes: 800 << 20)))
        #expect(error?.description == "Файл слишком большой после распаковки: часть «xl/worksheets/sheet1.xml» больше 800 МБ")
        #expect(inflated < 4096)
    }

    @Test func thePartCapIsCheckedOnTheBytesInflatedNotTheHeader() throws {
        var limits = XLSXLimits(maxPartBytes: 1 << 20, maxCompressionRatio: 1 << 30)
        limits.ratioFloorBytes = .max
        // The header says exactly the cap; the stream holds 4 MiB.
        let lying = bombBook(sheet: repeatedRowSheet(times: 60_000, declaredSize: 1 << 20))
        let (error, inflated) = refusal(lying, limits)
        #expect(error == .tooLarge(.part(Self.sheet, limitBytes: 1 << 20)))
        #expect(inflated <= (1 << 20) + Self.chunk + 4096, "inflated \(inflated)")
        // A header that understates the size is a corrupt file, refused as soon as the stream runs past it.
        let understated = bombBook(sheet: repeatedRowSheet(times: 60_000, declaredSize: 10_000))
        let (corrupt, read) = refusal(understated, limits)
        #expect(corrupt?.description == "Файл повреждён или не является книгой Excel (XLSX)")
        #expect(read <= 10_000 + Self.chunk + 4096, "inflated \(read)")
    }

    @Test func theWholeFileIsCapped() throws {
        var limits = XLSXLimits(maxPartBytes: 1 << 20, maxTotalBytes: 1 << 20, maxCompressionRatio: 1 << 30)
        limits.ratioFloorBytes = .max
        let strings = BombPart(path: "xl/sharedStrings.xml", head: "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
                               repeated: "<si><t>Школа</t></si>", times: 30_000, tail: "</sst>")  // 600 KB
        let book = bombBook(sheet: repeatedRowSheet(times: 10_000), sharedStrings: strings)  // and 700 KB
        let (error, inflated) = refusal(book, limits)
        #expect(error == .tooLarge(.total(limitBytes: 1 << 20)))
        #expect(error?.description == "Файл слишком большой после распаковки: всего больше 1 МБ")
        #expect(inflated <= (1 << 20) + Self.chunk)
    }

    @Test func aSharedStringsBombIsRefused() throws {
        let strings = BombPart(path: "xl/sharedStrings.xml", head: "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
                               repeated: "<si><t>ааааааааааааааааааааааааааааааааааааааа</t></si>", times: 400_000, tail: "</sst>")
        // Default limits: the ratio (about 30 MB in 30 KB).
        let (ratio, inflated) = refusal(bombBook(sheet: repeatedRowSheet(times: 1), sharedStrings: strings))
        #expect(ratio == .tooLarge(.compressionRatio("xl/sharedStrings.xml", limit: 100)))
        #expect(inflated <= XLSXLimits.default.ratioFloorBytes + Self.chunk + 4096)
        // Their count.
        var limits = XLSXLimits(maxSharedStrings: 1_000)
        limits.maxCompressionRatio = 1 << 30
        let (count, _) = refusal(bombBook(sheet: repeatedRowSheet(times: 1), sharedStrings: strings), limits)
        #expect(count == .tooLarge(.sharedStrings(limit: 1_000)))
        #expect(count?.description == "Файл слишком большой: в книге больше 1\u{00A0}000 разных текстов (sharedStrings)")
    }

    @Test func tooManyRowsAreRefusedAndNoMoreAreRead() throws {
        var limits = XLSXLimits(maxRows: 100)
        limits.maxCompressionRatio = 1 << 30
        var rows = 0
        let (error, _) = refusal(bombBook(sheet: repeatedRowSheet(times: 5_000)), limits, rows: &rows)
        #expect(error == .tooLarge(.rows(limit: 100)))
        #expect(error?.description == "Файл слишком большой: на листе больше 100 строк")
        #expect(rows == 100)
        // At the cap exactly, the sheet is read.
        rows = 0
        let (none, _) = refusal(bombBook(sheet: repeatedRowSheet(times: 100)), limits, rows: &rows)
        #expect(none == nil)
        #expect(rows == 100)
    }

    @Test func aRealisticBookReadsUnderTheDefaultLimits() throws {
        // Our writer's output of distinct rows compresses about 10:1, well under the ratio.
        let writer = XLSXWriter()
        try writer.addSheet(name: "Лист", header: ["Школа", "Код", "Участников"])
        for i in 0..<20_000 { try writer.addRow([.text("Средняя общеобразовательная школа № \(i % 500)"), .text(String(60_000 + i)), .number(i % 97)]) }
        let (error, inflated) = refusal(try writer.data())
        #expect(error == nil)
        #expect(inflated > XLSXLimits.default.ratioFloorBytes)
    }
}
