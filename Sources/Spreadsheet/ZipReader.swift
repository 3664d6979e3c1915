import Foundation
import CSpreadsheetZlib

/// A minimal, defensive reader of zip archives for XLSX: central directory, stored and deflated
/// entries, CRC-32 and size checks. Every inconsistency is a `SpreadsheetError.notXLSX`; inflating
/// stops at the entry's compressed size, so a damaged stream cannot loop or run past the entry.
/// (ZIPFoundation 0.9.20 loops forever on some damaged deflate streams; it is still used to write.)
/// ZIP64 archives are not supported (Excel writes them only past 4 GiB).
final class ZipReader {
    struct Entry {
        var path: String
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let limits: XLSXLimits
    /// Uncompressed bytes produced so far from all entries, held to `limits.maxTotalBytes`.
    private(set) var bytesInflated = 0

    private let source: Source
    private(set) var entries: [String: Entry] = [:]

    private enum Source {
        case data(Data)
        case file(FileHandle, Int)
    }

    init(path: String, limits: XLSXLimits = .default) throws {
        self.limits = limits
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SpreadsheetError.io("cannot read \(path)") }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        source = .file(handle, size)
        try readDirectory()
    }

    init(data: Data, limits: XLSXLimits = .default) throws {
        self.limits = limits
        source = .data(data)
        try readDirectory()
    }

    deinit {
        if case .file(let handle, _) = source { try? handle.close() }
    }

    private var size: Int {
        switch source {
        case .data(let d): return d.count
        case .file(_, let n): return n
        }
    }

    fileprivate func read(_ offset: Int, _ count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else { throw bad("read past the end") }
        switch source {
        case .data(let d):
            let start = d.startIndex + offset
            return [UInt8](d[start..<start + count])
        case .file(let handle, _):
            do {
                try handle.seek(toOffset: UInt64(offset))
                let chunk = try handle.read(upToCount: count) ?? Data()
                guard chunk.count == count else { throw bad("short read") }
                return [UInt8](chunk)
            } catch let e as SpreadsheetError { throw e } catch { throw bad("\(error)") }
        }
    }

    fileprivate func bad(_ detail: String) -> SpreadsheetError { .notXLSX(detail: "zip: \(detail)") }

    private func readDirectory() throws {
        guard size >= 22 else { throw bad("too short") }
        let tailLength = min(size, 22 + 65_535)
        let tail = try read(size - tailLength, tailLength)
        var eocd = -1
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw bad("no end of central directory") }
        let count = Int(u16(tail, eocd + 10))
        let cdSize = Int(u32(tail, eocd + 12))
        let cdOffset = Int(u32(tail, eocd + 16))
        guard count != 0xFFFF, cdOffset != 0xFFFF_FFFF else { throw bad("ZIP64 is not supported") }
        let cd = try read(cdOffset, cdSize)
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= cd.count, u32(cd, p) == 0x0201_4B50 else { throw bad("bad central directory") }
            let nameLength = Int(u16(cd, p + 28)), extraLength = Int(u16(cd, p + 30)), commentLength = Int(u16(cd, p + 32))
            guard p + 46 + nameLength <= cd.count else { throw bad("bad central directory") }
            let entry = Entry(
                path: String(decoding: cd[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                method: u16(cd, p + 10), crc: u32(cd, p + 16),
                compressedSize: Int(u32(cd, p + 20)), uncompressedSize: Int(u32(cd, p + 24)),
                localHeaderOffset: Int(u32(cd, p + 42)))
            guard entry.compressedSize != 0xFFFF_FFFF, entry.uncompressedSize != 0xFFFF_FFFF,
                  entry.localHeaderOffset != 0xFFFF_FFFF else { throw bad("ZIP64 is not supported") }
            entries[entry.path] = entry
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    /// A reader of the entry's uncompressed content, pulled chunk by chunk.
    func open(_ entry: Entry) throws -> ZipEntryStream { try ZipEntryStream(self, entry) }

    /// The whole content of an entry, or `nil` when there is no such entry; for small parts.
    func data(_ path: String) throws -> Data? {
        guard let entry = entries[path] else { return nil }
        let stream = try open(entry)
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { try stream.read($0.baseAddress!, $0.count) }
            if n == 0 { return data }
            data.append(contentsOf: chunk[0..<n])
        }
    }

    /// Counts bytes an entry produced against the whole file's cap.
    fileprivate func count(_ n: Int) throws {
        bytesInflated += n
        guard bytesInflated <= limits.maxTotalBytes else { throw SpreadsheetError.tooLarge(.total(limitBytes: limits.maxTotalBytes)) }
    }

    fileprivate func dataOffset(_ entry: Entry) throws -> Int {
        let header = try read(entry.localHeaderOffset, 30)
        guard u32(header, 0) == 0x0403_4B50 else { throw bad("bad local header of \(entry.path)") }
        let offset = entry.localHeaderOffset + 30 + Int(u16(header, 26)) + Int(u16(header, 28))
        guard offset <= size, entry.compressedSize <= size - offset else { throw bad("\(entry.path) runs past the end") }
        return offset
    }
}

/// The uncompressed content of one entry, inflated only as far as it is read, so a bomb is refused
/// after at most one chunk past a cap. Checks the part and total caps and the compression ratio on
/// the bytes actually produced (the sizes in the headers are not trusted: more than declared is an
/// error too), then the size and CRC-32 at the end.
final class ZipEntryStream {
    private let archive: ZipReader
    private let entry: Entry
    private let dataOffset: Int
    private let limits: XLSXLimits
    private var stream: UnsafeMutablePointer<z_stream>?
    private var input: [UInt8] = []
    private var consumed = 0
    private var produced = 0
    private var crc: UInt = crc32(0, nil, 0)
    private var ended = false
    private var finished = false
    /// Read through once: the caps were checked and the total counted on that pass.
    private var verified = false
    private static let chunkSize = 1 << 16

    typealias Entry = ZipReader.Entry

    fileprivate init(_ archive: ZipReader, _ entry: Entry) throws {
        self.archive = archive
        self.entry = entry
        limits = archive.limits
        guard entry.uncompressedSize <= limits.maxPartBytes else {
            throw SpreadsheetError.tooLarge(.part(entry.path, limitBytes: limits.maxPartBytes))
        }
        dataOffset = try archive.dataOffset(entry)
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw archive.bad("bad stored size of \(entry.path)") }
        case 8:
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)  // zlib keeps a pointer back to it: it must not move
            s.initialize(to: z_stream())
            guard inflateInit2_(s, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                s.deallocate()
                throw archive.bad("inflateInit failed")
            }
            stream = s
        default:
            throw archive.bad("unsupported compression method \(entry.method) of \(entry.path)")
        }
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
        }
    }

    /// Fills up to `capacity` bytes of `buffer`; 0 at the end of the entry (once its size and CRC are checked).
    func read(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) throws -> Int {
        guard !finished, capacity > 0 else { return 0 }
        let n: Int
        if let stream { n = try inflate(stream, buffer, capacity) } else { n = try copyStored(buffer, capacity) }
        if n == 0 {
            finished = true
            guard produced == entry.uncompressedSize else { throw archive.bad("\(entry.path): size mismatch") }
            guard UInt32(truncatingIfNeeded: crc) == entry.crc else { throw archive.bad("\(entry.path): CRC mismatch") }
            return 0
        }
        produced += n
        crc = crc32(crc, buffer, uInt(n))
        if verified { return n }  // the same bytes passed every check on the first pass
        guard produced <= limits.maxPartBytes else { throw SpreadsheetError.tooLarge(.part(entry.path, limitBytes: limits.maxPartBytes)) }
        guard produced <= entry.uncompressedSize else { throw archive.bad("\(entry.path) is larger than declared") }
        try archive.count(n)
        if let stream, produced >= limits.ratioFloorBytes {
            let compressed = max(1, Int(stream.pointee.total_in))
            guard produced / compressed <= limits.maxCompressionRatio else {
                throw SpreadsheetError.tooLarge(.compressionRatio(entry.path, limit: limits.maxCompressionRatio))
            }
        }
        return n
    }

    /// Inflates the whole entry once without keeping it (every cap, the size, the CRC-32 and UTF-8 checked),
    /// then starts again: damaged bytes never reach the XML parser, whose callbacks trap on some malformed input.
    func verifyAndRewind() throws {
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: ZipEntryStream.chunkSize)
        defer { scratch.deallocate() }
        var utf8 = UTF8Check()
        while true {
            let n = try read(scratch, ZipEntryStream.chunkSize)
            guard utf8.feed(scratch, n) else { throw archive.bad("\(entry.path) is not UTF-8") }
            if n == 0 { break }
        }
        guard utf8.complete else { throw archive.bad("\(entry.path) is not UTF-8") }
        if let stream { guard inflateReset(stream) == Z_OK else { throw archive.bad("inflateReset failed") } }
        input = []
        consumed = 0
        produced = 0
        crc = crc32(0, nil, 0)
        ended = false
        finished = false
        verified = true
    }

    private func copyStored(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) throws -> Int {
        let n = min(capacity, entry.compressedSize - consumed)
        guard n > 0 else { return 0 }
        let bytes = try archive.read(dataOffset + consumed, n)
        consumed += n
        bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: n) }
        return n
    }

    private func inflate(_ stream: UnsafeMutablePointer<z_stream>, _ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) throws -> Int {
        while !ended {
            if stream.pointee.avail_in == 0 {
                guard consumed < entry.compressedSize else { throw archive.bad("\(entry.path): deflate stream cut short") }
                let n = min(ZipEntryStream.chunkSize, entry.compressedSize - consumed)
                input = try archive.read(dataOffset + consumed, n)
                consumed += n
                stream.pointee.avail_in = uInt(n)
            }
            let (result, have) = input.withUnsafeMutableBufferPointer { inBuffer -> (Int32, Int) in
                // `input` is not touched until zlib has consumed it, so its storage stays where next_in points
                let offset = inBuffer.count - Int(stream.pointee.avail_in)
                stream.pointee.next_in = inBuffer.baseAddress! + offset
                stream.pointee.next_out = buffer
                stream.pointee.avail_out = uInt(capacity)
                let r = CSpreadsheetZlib.inflate(stream, Z_NO_FLUSH)
                return (r, capacity - Int(stream.pointee.avail_out))
            }
            guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
                throw archive.bad("\(entry.path): corrupt deflate data")
            }
            if result == Z_STREAM_END { ended = true }
            if have > 0 { return have }
            if result == Z_BUF_ERROR && stream.pointee.avail_in > 0 { throw archive.bad("\(entry.path): corrupt deflate data") }
        }
        return 0
    }
}

@inline(__always) private func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
@inline(__always) private func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}

/// Checks that a part is UTF-8 as it streams past, chunk by chunk (a sequence may be cut between chunks).
/// FoundationXML traps on an element or attribute name that is not valid UTF-8, so such a part must
/// never reach it. Strict like Swift's decoder: no overlong forms, no surrogates, nothing past U+10FFFF.
struct UTF8Check {
    private var need = 0
    private var low: UInt8 = 0x80, high: UInt8 = 0xBF

    /// False at the first byte that cannot be UTF-8.
    mutating func feed(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i < count {
            if need == 0 {
                // ASCII fast path, eight bytes at a time
                while i + 8 <= count, UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                guard i < count else { break }
                let b = bytes[i]
                i += 1
                switch b {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: need = 1; low = 0x80; high = 0xBF
                case 0xE0: need = 2; low = 0xA0; high = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: need = 2; low = 0x80; high = 0xBF
                case 0xED: need = 2; low = 0x80; high = 0x9F
                case 0xF0: need = 3; low = 0x90; high = 0xBF
                case 0xF1...0xF3: need = 3; low = 0x80; high = 0xBF
                case 0xF4: need = 3; low = 0x80; high = 0x8F
                default: return false
                }
            } else {
                let b = bytes[i]
                i += 1
                guard b >= low && b <= high else { return false }
                need -= 1
                low = 0x80; high = 0xBF
            }
        }
        return true
    }

    /// No sequence was left unfinished.
    var complete: Bool { need == 0 }
}
