import Foundation

/// The file types accepted as documents and evidence, recognised by their content (magic bytes), not by their name.
public enum AcceptedFileType: String, Sendable, CaseIterable {
    case pdf, docx, doc, odt, xlsx, xls, ods, pptx, jpeg, png

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .doc: "application/msword"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .xls: "application/vnd.ms-excel"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    /// The extension of the safe stored name.
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    public static let listTitle = "PDF, DOCX, DOC, ODT, XLSX, XLS, ODS, PPTX, JPEG, PNG"

    /// Recognises the type by content; the name's extension decides only between formats sharing one container
    /// (DOC/XLS in OLE2) and must not contradict the content. A Russian message when refused.
    public static func detect(_ bytes: [UInt8], fileName: String) -> Result<AcceptedFileType, FileRefusal> {
        let ext = (fileName as NSString).pathExtension.lowercased()
        func refuse(_ message: String) -> Result<AcceptedFileType, FileRefusal> { .failure(FileRefusal(message: message)) }
        if ["html", "htm", "xhtml", "svg", "svgz", "xml", "js", "exe", "dll", "com", "bat", "cmd", "msi", "sh", "scr", "ps1", "vbs", "jar"].contains(ext) {
            return refuse("Файлы HTML, SVG и программы загружать нельзя. Допустимые форматы: \(listTitle)")
        }
        if bytes.isEmpty { return refuse("Файл пустой") }
        func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
        let found: [AcceptedFileType]
        if starts(Array("%PDF-".utf8)) {
            found = [.pdf]
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            found = [.png]
        } else if starts([0xFF, 0xD8, 0xFF]) {
            found = [.jpeg]
        } else if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            found = [.doc, .xls]
        } else if starts([0x50, 0x4B, 0x03, 0x04]) {
            found = zipType(bytes).map { [$0] } ?? []
        } else {
            found = []
        }
        guard let first = found.first else {
            if starts(Array("MZ".utf8)) || starts([0x7F, 0x45, 0x4C, 0x46]) { return refuse("Программы загружать нельзя. Допустимые форматы: \(listTitle)") }
            let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
            if head.contains("<html") || head.contains("<!doctype") || head.contains("<svg") || head.contains("<script") {
                return refuse("Файлы HTML, SVG и программы загружать нельзя. Допустимые форматы: \(listTitle)")
            }
            return refuse("Этот формат не принимается: содержимое файла не похоже ни на один из допустимых форматов (\(listTitle))")
        }
        if let match = found.first(where: { $0.extensions.contains(ext) }) { return .success(match) }
        if ext.isEmpty { return .success(first) }
        return refuse("Расширение «.\(ext)» не соответствует содержимому файла (\(first.rawValue.uppercased())). Сохраните файл в нужном формате")
    }

    var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        default: [rawValue]
        }
    }

    /// OOXML by `[Content_Types].xml` and its main folder, ODF by its leading `mimetype` entry.
    static func zipType(_ bytes: [UInt8]) -> AcceptedFileType? {
        // ODF: the first entry is `mimetype`, stored, its content right after the local header.
        if bytes.count > 38 {
            let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
            let extraLength = Int(bytes[28]) | Int(bytes[29]) << 8
            if nameLength == 8, bytes.count > 30 + nameLength, Array(bytes[30..<38]) == Array("mimetype".utf8) {
                let start = 30 + nameLength + extraLength
                let text = String(decoding: bytes[min(start, bytes.count)..<min(start + 60, bytes.count)], as: UTF8.self)
                if text.hasPrefix("application/vnd.oasis.opendocument.text") { return .odt }
                if text.hasPrefix("application/vnd.oasis.opendocument.spreadsheet") { return .ods }
                return nil
            }
        }
        guard contains(bytes, Array("[Content_Types].xml".utf8)) else { return nil }
        if contains(bytes, Array("word/".utf8)) { return .docx }
        if contains(bytes, Array("xl/".utf8)) { return .xlsx }
        if contains(bytes, Array("ppt/".utf8)) { return .pptx }
        return nil
    }

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

/// Why an uploaded file was refused (Russian, shown next to the file field).
public struct FileRefusal: Error, Sendable, Equatable {
    public let message: String
}
