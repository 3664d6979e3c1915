import Foundation
import Testing
@testable import Spreadsheet

/// What a file is, told by its bytes whatever its name (the results corpus holds real files of each kind).
@Suite struct FileKindTests {
    /// A compound file header and one directory entry per stream name.
    static func compound(_ streams: [String]) -> Data {
        var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        for name in ["Root Entry"] + streams {
            var entry = [UInt8](repeating: 0, count: 128)
            let units = Array(name.utf16) + [0]
            for (i, u) in units.enumerated() { entry[2 * i] = UInt8(u & 0xFF); entry[2 * i + 1] = UInt8(u >> 8) }
            entry[64] = UInt8(units.count * 2)
            entry[66] = name == "Root Entry" ? 5 : 2
            bytes += entry
        }
        return Data(bytes)
    }

    @Test func compoundFilesAreTheirStreams() {
        #expect(FileKind.identify(Self.compound(["EncryptionInfo", "EncryptedPackage"])) == .encryptedOffice)
        #expect(FileKind.identify(Self.compound(["Workbook", "\u{5}SummaryInformation"])) == .xls)
        #expect(FileKind.identify(Self.compound(["WordDocument", "1Table"])) == .document("DOC"))
    }

    @Test func zipsAreTheirParts() throws {
        #expect(FileKind.identify(try makeZip([("word/document.xml", "<w:document/>")])) == .document("DOCX"))
        #expect(FileKind.identify(try makeZip([("xl/workbook.xml", "<workbook/>")])) == .xlsx)
        #expect(FileKind.identify(try makeZip([("отчёт.xlsx", "x")])) == .archive("ZIP"))
        #expect(FileKind.identify(try makeZip([("mimetype", "application/vnd.oasis.opendocument.text")])) == .document("ODT"))
        let locked = try makeZip([("mimetype", ODSReader.mimetype), ("META-INF/manifest.xml", "<manifest:encryption-data/>")])
        #expect(FileKind.identify(locked) == .encryptedOpenDocument)
        // A damaged zip is a damaged XLSX: the reader says so.
        #expect(FileKind.identify(Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])) == .xlsx)
    }

    @Test func textIsCSVUnlessItIsAPage() {
        #expect(FileKind.identify(Data("\u{FEFF}Код;Год\n".utf8)) == .csv)
        #expect(FileKind.identify(Data([0xFF, 0xFE, 0x4B, 0x00, 0x09, 0x00])) == .csv)
        #expect(FileKind.identify(Data("  \r\n<!DOCTYPE html><html><table>".utf8)) == .html)
        #expect(FileKind.identify(Data("<table><tr><td>1</td></tr></table>".utf8)) == .html)
        #expect(FileKind.identify(Data("<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">".utf8)) == .xml2003)
        #expect(FileKind.identify(Data("<Код>;Год\n".utf8)) == .csv)
        #expect(FileKind.identify(Data()) == .empty)
        #expect(FileKind.identify(Data("\u{FEFF} \n\n".utf8)) == .empty)
        #expect(FileKind.identify(Data("%PDF-1.7\n".utf8)) == .pdf)
        #expect(FileKind.identify(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])) == .image("JPEG"))
        #expect(FileKind.identify(Data([0x01, 0x00, 0x02])) == .binary)
    }

    @Test func everyRefusalSaysWhatToDo() {
        let kinds: [FileKind] = [.empty, .encryptedOffice, .encryptedOpenDocument, .xls, .document("DOCX"), .presentation("PPTX"), .pdf,
                                 .html, .xml2003, .image("PNG"), .archive("ZIP"), .binary]
        for kind in kinds {
            let message = kind.refusal
            #expect(message.map { !$0.isEmpty && !$0.contains("<") } == true, "\(kind)")
            #expect(SpreadsheetError.notATable(kind).description == message)
        }
        #expect(FileKind.xlsx.refusal == nil && FileKind.ods.refusal == nil && FileKind.csv.refusal == nil)
    }
}
