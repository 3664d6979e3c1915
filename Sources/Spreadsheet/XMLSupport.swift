/// Scans a zip entry as it inflates, in one pass: the caps, the size, the CRC-32 and UTF-8 are checked on the
/// bytes as they stream past (`ZipEntryStream`, `XMLScanner`); throws what stopped inflating or scanning,
/// or what the handler threw (for example a caller's row callback).
func scanPart<H: XMLHandler>(_ archive: ZipReader, _ entry: ZipReader.Entry, _ handler: H) throws {
    let scanner = XMLScanner(try archive.open(entry), part: entry.path)
    try scanner.run(handler)
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

