#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects a request body in memory up to `threshold` bytes, then in a temporary file.
struct BodySink {
    let threshold: Int
    private(set) var count = 0
    private var bytes: [UInt8] = []
    private var fd: Int32 = -1
    private(set) var path: String? = nil

    init(threshold: Int, expected: Int?) {
        self.threshold = threshold
        if let e = expected, e <= threshold { bytes.reserveCapacity(e) }
    }

    /// False when the spool file cannot be written.
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n > 0 else { return true }
        count += n
        if fd < 0 && bytes.count + n <= threshold {
            bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
            return true
        }
        if fd < 0 {
            guard openSpool() else { return false }
            let ok = bytes.withUnsafeBufferPointer { writeAll($0.baseAddress, $0.count) }
            bytes = []
            guard ok else { return false }
        }
        return writeAll(p, n)
    }

    private mutating func openSpool() -> Bool {
        let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((dir + "/opora-body-XXXXXX").utf8CString)
        let f = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard f >= 0 else { return false }
        fd = f
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return true
    }

    private func writeAll(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
        guard let p else { return true }
        var done = 0
        while done < n {
            let w = write(fd, p + done, n - done)
            if w < 0 { if errno == EINTR { continue }; return false }
            done += w
        }
        return true
    }

    /// The finished body; the sink is spent afterwards.
    mutating func finish() -> HTTPRequestBody {
        if fd >= 0 {
            close(fd); fd = -1
            return .file(path: path!, count: count)
        }
        return count == 0 ? .empty : .bytes(bytes)
    }

    /// Abandons the body, deleting any spool file.
    mutating func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        if let path { unlink(path) }
        path = nil
        bytes = []
    }
}

/// Reads a whole file into memory (used for spooled request bodies).
func readWholeFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    var result = [UInt8](repeating: 0, count: Int(st.st_size))
    var done = 0
    let ok = result.withUnsafeMutableBytes { buf -> Bool in
        while done < buf.count {
            let r = read(fd, buf.baseAddress! + done, buf.count - done)
            if r < 0 { if errno == EINTR { continue }; return false }
            if r == 0 { break }
            done += r
        }
        return true
    }
    guard ok else { return nil }
    if done < result.count { result.removeLast(result.count - done) }
    return result
}
