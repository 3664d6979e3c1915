import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The local part of a possibly prefixed element or attribute name (`x:c` → `c`).
@inline(__always)
func localName(_ name: String) -> String {
    guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
    return String(name[name.index(after: colon)...])
}

/// An attribute by local name, whatever its prefix (`r:id`, `id`).
func attribute(_ attributes: [String: String], _ local: String) -> String? {
    if let v = attributes[local] { return v }
    for (k, v) in attributes where localName(k) == local { return v }
    return nil
}

/// Runs `parser` with `delegate`; throws `SpreadsheetError.notXLSX` on malformed XML, or the
/// error the delegate recorded (for example one thrown by a caller's row callback).
func runParser(_ parser: XMLParser, _ delegate: SAXDelegate, part: String) throws {
    parser.delegate = delegate
    parser.shouldProcessNamespaces = false
    parser.shouldReportNamespacePrefixes = false
    parser.shouldResolveExternalEntities = false
    let ok = parser.parse()
    if let error = delegate.stopError { throw error }
    if !ok {
        let detail = parser.parserError.map { "\($0)" } ?? "unknown"
        throw SpreadsheetError.notXLSX(detail: "\(part): malformed XML (\(detail))")
    }
}

/// Base of our SAX delegates: remembers an error that stopped parsing.
class SAXDelegate: NSObject, XMLParserDelegate {
    var stopError: Error?
    func stop(_ parser: XMLParser, _ error: Error) {
        if stopError == nil { stopError = error }
        parser.abortParsing()
    }
    // Declared here so that subclasses' overrides are the protocol's witnesses.
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {}
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {}
    func parser(_ parser: XMLParser, foundCharacters string: String) {}
}

/// Undoes the OOXML `_xHHHH_` escape of characters that XML cannot carry (ST_Xstring).
func unescapeOOXML(_ s: String) -> String {
    // a byte scan: String.contains(String) goes through Foundation's locale-aware search on Linux
    var found = false, previousUnderscore = false
    for b in s.utf8 {
        if previousUnderscore && b == UInt8(ascii: "x") { found = true; break }
        previousUnderscore = b == UInt8(ascii: "_")
    }
    guard found else { return s }
    var out = ""
    var scalars = Array(s.unicodeScalars)[...]
    while let first = scalars.first {
        if first == "_", scalars.count >= 7 {
            let candidate = scalars.prefix(7)
            let chars = Array(candidate)
            if chars[1] == "x", chars[6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(chars[2...5])), radix: 16),
               let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst(7)
                continue
            }
        }
        out.unicodeScalars.append(first)
        scalars = scalars.dropFirst()
    }
    return out
}

/// Parses a zip entry as it inflates (the part is never held whole: it is inflated twice, once to check
/// it, once to parse); throws what stopped inflating before what the parser or the delegate reported.
func parsePart(_ archive: ZipReader, _ entry: ZipReader.Entry, _ delegate: SAXDelegate) throws {
    let source = try archive.open(entry)
    try source.verifyAndRewind()
    let input = EntryInputStream(source, stopped: { [unowned delegate] in delegate.stopError != nil })
    let parser = XMLParser(stream: input)
    defer { parser.delegate = nil }
    do {
        try runParser(parser, delegate, part: entry.path)
    } catch {
        throw input.error ?? error
    }
    if let error = input.error { throw error }
}

/// A zip entry as the `InputStream` that `XMLParser(stream:)` pulls from, chunk by chunk.
final class EntryInputStream: InputStream {
    private let source: ZipEntryStream
    private let stopped: () -> Bool
    private(set) var error: Error?

    init(_ source: ZipEntryStream, stopped: @escaping () -> Bool) {
        self.source = source
        self.stopped = stopped
        super.init(data: Data())
    }

    override func open() {}
    override func close() {}
    override var hasBytesAvailable: Bool { error == nil }
    // Foundation's own getters would ask the unopened CF stream of `super.init(data:)` and trap.
    override var streamError: Error? { error }
    override var streamStatus: Stream.Status { error == nil ? .open : .error }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        // A stopped delegate ends the input: XMLParser would otherwise go on pulling chunks.
        guard error == nil, !stopped() else { return -1 }
        do { return try source.read(buffer, len) } catch { self.error = error; return -1 }
    }
}
