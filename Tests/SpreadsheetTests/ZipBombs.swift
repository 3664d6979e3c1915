import CSpreadsheetZlib
import Foundation

/// Hand-made zip archives for the zip-bomb tests: a part is a head, a body repeated many times and a
/// tail, deflated as it is produced (never held whole), and its header may lie about its size.
struct BombPart {
    var path: String
    var head = ""
    /// Bytes after `head`, which need not be UTF-8.
    var headBytes: [UInt8] = []
    var repeated = ""
    var times = 0
    var tail = ""
    /// The uncompressed size to write into the headers instead of the true one.
    var declaredSize: Int?
}

func makeBomb(_ parts: [BombPart]) -> Data {
    var out = Data()
    var central = Data()
    for part in parts {
        let (deflated, size, crc) = deflateParts(part)
        let declared = part.declaredSize ?? size
        let offset = out.count
        let name = Array(part.path.utf8)
        out.append(le32(0x0403_4B50)); out.append(le16(20)); out.append(le16(0)); out.append(le16(8))
        out.append(le32(0)); out.append(le32(crc)); out.append(le32(UInt32(deflated.count))); out.append(le32(UInt32(declared)))
        out.append(le16(UInt16(name.count))); out.append(le16(0)); out.append(contentsOf: name)
        out.append(deflated)
        central.append(le32(0x0201_4B50)); central.append(le16(20)); central.append(le16(20)); central.append(le16(0)); central.append(le16(8))
        central.append(le32(0)); central.append(le32(crc)); central.append(le32(UInt32(deflated.count))); central.append(le32(UInt32(declared)))
        central.append(le16(UInt16(name.count))); central.append(le16(0)); central.append(le16(0)); central.append(le16(0)); central.append(le16(0))
        central.append(le32(0)); central.append(le32(UInt32(offset))); central.append(contentsOf: name)
    }
    let centralOffset = out.count
    out.append(central)
    out.append(le32(0x0605_4B50)); out.append(le16(0)); out.append(le16(0))
    out.append(le16(UInt16(parts.count))); out.append(le16(UInt16(parts.count)))
    out.append(le32(UInt32(central.count))); out.append(le32(UInt32(centralOffset))); out.append(le16(0))
    return out
}

/// The workbook parts around a sheet (and shared strings, when given).
func bombBook(sheet: BombPart, sharedStrings: BombPart? = nil) -> Data {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    if sharedStrings != nil { rels += "<Relationship Id=\"rId2\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>" }
    rels += "</Relationships>"
    var parts = [
        BombPart(path: "_rels/.rels", head: "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        BombPart(path: "xl/workbook.xml", head: "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"Лист1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        BombPart(path: "xl/_rels/workbook.xml.rels", head: rels),
    ]
    if let sharedStrings { parts.append(sharedStrings) }
    parts.append(sheet)
    return makeBomb(parts)
}

/// A sheet of `times` copies of one row (no row numbers, so every copy is the same bytes).
func repeatedRowSheet(times: Int, declaredSize: Int? = nil) -> BombPart {
    BombPart(path: "xl/worksheets/sheet1.xml",
             head: "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
             repeated: "<row><c t=\"inlineStr\"><is><t>Школа</t></is></c><c><v>42</v></c></row>", times: times,
             tail: "</sheetData></worksheet>", declaredSize: declaredSize)
}

private func deflateParts(_ part: BombPart) -> (Data, Int, UInt32) {
    var stream = z_stream()
    precondition(deflateInit2_(&stream, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
    defer { deflateEnd(&stream) }
    var out = Data()
    var crc: UInt = crc32(0, nil, 0)
    var size = 0
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    // Repeats are fed in batches of about 64 KiB: one deflate call per batch rather than per copy.
    let body = Array(part.repeated.utf8)
    let perBatch = body.isEmpty ? 0 : max(1, (1 << 16) / body.count)
    var batch: [UInt8] = []
    for _ in 0..<perBatch { batch += body }
    func feed(_ bytes: [UInt8], _ flush: Int32) {
        var input = bytes
        size += input.count
        crc = input.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            repeat {
                let produced = buffer.withUnsafeMutableBufferPointer { b -> Int in
                    stream.next_out = b.baseAddress
                    stream.avail_out = uInt(b.count)
                    _ = deflate(&stream, flush)
                    return b.count - Int(stream.avail_out)
                }
                out.append(contentsOf: buffer[0..<produced])
            } while stream.avail_out == 0
        }
    }
    feed(Array(part.head.utf8) + part.headBytes, Z_NO_FLUSH)
    var left = part.times
    while left >= perBatch && perBatch > 0 { feed(batch, Z_NO_FLUSH); left -= perBatch }
    for _ in 0..<max(0, left) { feed(body, Z_NO_FLUSH) }
    feed(Array(part.tail.utf8), Z_FINISH)
    return (out, size, UInt32(truncatingIfNeeded: crc))
}

private func le16(_ v: UInt16) -> Data { Data([UInt8(v & 0xFF), UInt8(v >> 8)]) }
private func le32(_ v: UInt32) -> Data { Data((0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) }) }
