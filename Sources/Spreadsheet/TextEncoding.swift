import Foundation

/// The text encodings a CSV file is read in.
public enum TextEncoding: String, Sendable, Hashable {
    case utf8, utf16LittleEndian, utf16BigEndian, windows1251

    /// Decodes bytes: a UTF-8 BOM is dropped; UTF-16 with a BOM is decoded as such; otherwise
    /// valid UTF-8 is UTF-8 and anything else is Windows-1251 (which maps every byte).
    public static func decode(_ data: Data) -> (text: String, encoding: TextEncoding) {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let rest = bytes[3...]
            if let s = String(validating: rest, as: UTF8.self) { return (s, .utf8) }
            return (windows1251(rest), .windows1251)
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return (utf16(bytes[2...], littleEndian: true), .utf16LittleEndian) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (utf16(bytes[2...], littleEndian: false), .utf16BigEndian) }
        if let s = String(validating: bytes, as: UTF8.self) { return (s, .utf8) }
        return (windows1251(bytes[...]), .windows1251)
    }

    static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Windows-1251 (Cyrillic) to String; the one undefined byte 0x98 becomes U+FFFD.
    static func windows1251(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for b in bytes {
            let v: UInt32
            if b < 0x80 { v = UInt32(b) } else if b >= 0xC0 { v = 0x0410 + UInt32(b - 0xC0) } else { v = UInt32(cp1251High[Int(b - 0x80)]) }
            scalars.append(Unicode.Scalar(v)!)
        }
        return String(scalars)
    }

    private static let cp1251High: [UInt16] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]
}
