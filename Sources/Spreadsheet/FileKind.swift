import Foundation

/// What a file is, told by its content and never by its name: a table we read (XLSX, ODS, CSV) or something a
/// coordinator may pick by mistake, each with a Russian message saying what the file is and what to do with it.
public enum FileKind: Sendable, Hashable {
    case xlsx, ods, csv
    /// No bytes, or only a byte order mark and white space.
    case empty
    /// An OLE compound file with an `EncryptionInfo` stream: an XLSX (or DOCX) protected by a password.
    case encryptedOffice
    /// A zip with an encrypted OpenDocument manifest: an ODS protected by a password in LibreOffice.
    case encryptedOpenDocument
    /// An OLE compound file without `EncryptionInfo` and without a Word stream: an Excel 97–2003 book.
    case xls
    /// A text document: «DOC», «DOCX», «ODT», «RTF».
    case document(String)
    /// A presentation: «PPTX», «ODP».
    case presentation(String)
    case pdf
    /// An HTML page (some monitoring systems export their tables as HTML named .xls).
    case html
    /// Excel's «Таблица XML 2003» (SpreadsheetML 2003), also exported as .xls by some systems.
    case xml2003
    /// «PNG», «JPEG», «GIF», «BMP», «TIFF», «WebP», «HEIC».
    case image(String)
    /// «ZIP», «RAR», «7z».
    case archive(String)
    /// Bytes that are no text: a NUL in the first 4 KiB of a file without a UTF-16 byte order mark.
    case binary

    /// The format to read it as, `nil` for what is not a table we read.
    public var table: TableFormat? {
        switch self {
        case .xlsx: return .xlsx
        case .ods: return .ods
        case .csv: return .csv
        default: return nil
        }
    }

    static let saveAs = "откройте его в Excel или LibreOffice Calc, сохраните как «Книга Excel (.xlsx)» и загрузите снова"

    /// What to tell a coordinator about a file that is not a table we read; `nil` for XLSX, ODS and CSV.
    public var refusal: String? {
        switch self {
        case .xlsx, .ods, .csv: return nil
        case .empty:
            return "Файл пустой: в нём нет ни одной строки"
        case .encryptedOffice:
            return "Файл защищён паролем: снимите пароль в Excel (Файл → Сведения → Защита книги) и загрузите снова"
        case .encryptedOpenDocument:
            return "Файл защищён паролем: снимите пароль в LibreOffice (Файл → Сохранить как…, без флажка «Сохранить с паролем») и загрузите снова"
        case .xls:
            return "Это книга Excel старого формата (XLS), он не поддерживается: " + FileKind.saveAs
        case .document(let format):
            return "Это текстовый документ (\(format)), а не таблица: перенесите таблицу с результатами в Excel или LibreOffice Calc, "
                + "сохраните как «Книга Excel (.xlsx)» и загрузите снова"
        case .presentation(let format):
            return "Это презентация (\(format)), а не таблица: загрузите таблицу с результатами в формате XLSX, ODS или CSV"
        case .pdf:
            return "Это документ PDF: таблицу из него не прочитать. Загрузите исходную таблицу (XLSX, ODS или CSV) — "
                + "её можно попросить у того, кто прислал PDF"
        case .html:
            return "Это веб-страница (HTML), а не книга Excel — так выгружают таблицы некоторые системы мониторинга, "
                + "даже если файл называется .xls: " + FileKind.saveAs
        case .xml2003:
            return "Это таблица в формате «Таблица XML 2003», а не книга Excel: " + FileKind.saveAs
        case .image(let format):
            return "Это изображение (\(format)), а не таблица: загрузите таблицу с результатами в формате XLSX, ODS или CSV"
        case .archive(let format):
            return "Это архив (\(format)), а не таблица: распакуйте его и загрузите файл XLSX, ODS или CSV из архива"
        case .binary:
            return "Это не таблица XLSX, ODS или CSV: " + FileKind.saveAs
        }
    }

    /// Tells what `data` is from its first bytes (and, for zip and compound files, their directories).
    public static func identify(_ data: Data) -> FileKind {
        let head = [UInt8](data.prefix(4096))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return zipKind(data) }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return CompoundFile.kind(data) }
        if head.starts(with: Array("%PDF".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .image("PNG") }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .image("JPEG") }
        if head.starts(with: Array("GIF8".utf8)) { return .image("GIF") }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return .image("TIFF") }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .image("WebP") }
        if head.count >= 12, Array(head[4..<8]) == Array("ftyp".utf8),
           ["heic", "heix", "mif1", "heif"].contains(String(decoding: head[8..<12], as: UTF8.self)) { return .image("HEIC") }
        if head.starts(with: Array("BM".utf8)), head.count >= 14, head[6...9].allSatisfy({ $0 == 0 }) { return .image("BMP") }
        if head.starts(with: Array("Rar!".utf8)) { return .archive("RAR") }
        if head.starts(with: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .archive("7z") }
        if head.starts(with: Array("{\\rtf".utf8)) { return .document("RTF") }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return .csv }  // UTF-16 text (Excel's «Текст Юникод»)
        if head.contains(0) { return .binary }
        var text = head[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        while let b = text.first, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { text = text.dropFirst() }
        if text.isEmpty, data.count <= 4096 { return .empty }
        if text.first == UInt8(ascii: "<") {
            let lower = String(decoding: text.prefix(2048), as: UTF8.self).lowercased()
            if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") && !lower.contains("<html") { return .xml2003 }
            for tag in ["<!doctype html", "<html", "<head", "<body", "<table", "<meta", "<!--", "<style", "<div"] where lower.contains(tag) {
                return .html
            }
        }
        return .csv
    }

    /// XLSX, ODS, another OpenDocument or Office Open XML file, or a plain archive; a zip whose directory cannot be
    /// read is taken for a damaged XLSX (the reader then says so).
    static func zipKind(_ data: Data) -> FileKind {
        guard let zip = try? ZipReader(data: data, limits: sniffLimits) else { return .xlsx }
        return zipKind(zip)
    }

    /// What a zip file on disk is (its directory and two small entries are read).
    static func zipKind(path: String) -> FileKind {
        guard let zip = try? ZipReader(path: path, limits: sniffLimits) else { return .xlsx }
        return zipKind(zip)
    }

    private static let sniffLimits = XLSXLimits(maxPartBytes: 1 << 20, maxTotalBytes: 4 << 20)

    private static func zipKind(_ zip: ZipReader) -> FileKind {
        let paths = zip.entries
        if let mimetype = (try? zip.data("mimetype")).flatMap({ $0 }).map({ String(decoding: $0, as: UTF8.self) }) {
            if (try? zip.data("META-INF/manifest.xml")).flatMap({ $0 }).map({ String(decoding: $0, as: UTF8.self).contains("encryption-data") }) == true {
                return .encryptedOpenDocument
            }
            switch mimetype.trimmingCharacters(in: .whitespacesAndNewlines) {
            case "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet-template": return .ods
            case "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template": return .document("ODT")
            case "application/vnd.oasis.opendocument.presentation": return .presentation("ODP")
            default: break
            }
        }
        if paths["word/document.xml"] != nil { return .document("DOCX") }
        if paths["ppt/presentation.xml"] != nil { return .presentation("PPTX") }
        if paths.keys.contains(where: { $0.hasPrefix("xl/") }) || paths["[Content_Types].xml"] != nil { return .xlsx }
        return .archive("ZIP")
    }
}

/// Just enough of the OLE compound file format (Excel 97–2003, Word 97–2003, and the wrapper of password-protected
/// Office Open XML files) to list the names of its streams: the directory entries (128 bytes, the name in UTF-16LE and
/// its byte length) are found at every 128-byte boundary past the 512-byte header.
enum CompoundFile {
    static func kind(_ data: Data) -> FileKind {
        let names = streamNames(data)
        if names.contains("EncryptionInfo") || names.contains("EncryptedPackage") { return .encryptedOffice }
        if names.contains("WordDocument") { return .document("DOC") }
        if names.contains("PowerPoint Document") { return .presentation("PPT") }
        return .xls
    }

    static func streamNames(_ data: Data) -> Set<String> {
        let bytes = [UInt8](data)
        var names: Set<String> = []
        var offset = 512
        while offset + 128 <= bytes.count {
            let length = Int(bytes[offset + 64]) | Int(bytes[offset + 65]) << 8
            let type = bytes[offset + 66]
            if length >= 4, length <= 64, length % 2 == 0, (1...5).contains(type),
               bytes[offset + length - 2] == 0, bytes[offset + length - 1] == 0 {
                var units: [UInt16] = []
                for i in stride(from: 0, to: length - 2, by: 2) { units.append(UInt16(bytes[offset + i]) | UInt16(bytes[offset + i + 1]) << 8) }
                if !units.contains(0) { names.insert(String(decoding: units, as: UTF16.self)) }
            }
            offset += 128
        }
        return names
    }
}
