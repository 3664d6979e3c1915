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

    /// Parts larger than this (uncompressed) are refused: a guard against zip bombs. A sheet of
    /// 250,000 rows x 17 columns is about 150 MB of XML.
    static let maximumPartSize = 1 << 30

    private let source: Source
    private(set) var entries: [String: Entry] = [:]

    private enum Source {
        case data(Data)
        case file(FileHandle, Int)
    }

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SpreadsheetError.io("cannot read \(path)") }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        source = .file(handle, size)
        try readDirectory()
    }

    init(data: Data) throws {
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

    private func read(_ offset: Int, _ count: Int) throws -> [UInt8] {
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

    private func bad(_ detail: String) -> SpreadsheetError { .notXLSX(detail: "zip: \(detail)") }

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

    /// Streams the uncompressed content of an entry in chunks; checks its size and CRC-32.
    func extract(_ entry: Entry, _ consumer: ([UInt8]) throws -> Void) throws {
        guard entry.uncompressedSize <= ZipReader.maximumPartSize else { throw bad("\(entry.path) is larger than 1 GiB") }
        let header = try read(entry.localHeaderOffset, 30)
        guard u32(header, 0) == 0x0403_4B50 else { throw bad("bad local header of \(entry.path)") }
        let dataOffset = entry.localHeaderOffset + 30 + Int(u16(header, 26)) + Int(u16(header, 28))
        guard dataOffset <= size, entry.compressedSize <= size - dataOffset else { throw bad("\(entry.path) runs past the end") }
        var crc: UInt = crc32(0, nil, 0)
        var produced = 0
        let chunkSize = 1 << 16

        func emit(_ bytes: [UInt8]) throws {
            produced += bytes.count
            guard produced <= entry.uncompressedSize else { throw bad("\(entry.path) is larger than declared") }
            crc = bytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
            try consumer(bytes)
        }

        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw bad("bad stored size of \(entry.path)") }
            var offset = 0
            while offset < entry.compressedSize {
                let n = min(chunkSize, entry.compressedSize - offset)
                try emit(try read(dataOffset + offset, n))
                offset += n
            }
        case 8:
            var stream = z_stream()
            guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw bad("inflateInit failed")
            }
            defer { inflateEnd(&stream) }
            var consumed = 0
            var ended = false
            var output = [UInt8](repeating: 0, count: chunkSize)
            while !ended {
                guard consumed < entry.compressedSize else { throw bad("\(entry.path): deflate stream cut short") }
                let n = min(chunkSize, entry.compressedSize - consumed)
                var input = try read(dataOffset + consumed, n)
                consumed += n
                try input.withUnsafeMutableBufferPointer { inBuffer in
                    stream.next_in = inBuffer.baseAddress
                    stream.avail_in = uInt(n)
                    repeat {
                        let (result, have) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                            stream.next_out = out.baseAddress
                            stream.avail_out = uInt(chunkSize)
                            let r = inflate(&stream, Z_NO_FLUSH)
                            return (r, chunkSize - Int(stream.avail_out))
                        }
                        guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
                            throw bad("\(entry.path): corrupt deflate data")
                        }
                        if have > 0 { try emit(Array(output[0..<have])) }
                        if result == Z_STREAM_END { ended = true; break }
                        if result == Z_BUF_ERROR && have == 0 { break }
                    } while stream.avail_in > 0 || stream.avail_out == 0
                }
            }
        default:
            throw bad("unsupported compression method \(entry.method) of \(entry.path)")
        }
        guard produced == entry.uncompressedSize else { throw bad("\(entry.path): size mismatch") }
        guard UInt32(truncatingIfNeeded: crc) == entry.crc else { throw bad("\(entry.path): CRC mismatch") }
    }

    /// The whole content of an entry, or `nil` when there is no such entry.
    func data(_ path: String) throws -> Data? {
        guard let entry = entries[path] else { return nil }
        var data = Data()
        data.reserveCapacity(min(entry.uncompressedSize, 64 << 20))
        try extract(entry) { data.append(contentsOf: $0) }
        return data
    }
}

@inline(__always) private func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
@inline(__always) private func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}
