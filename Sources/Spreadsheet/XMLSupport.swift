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
