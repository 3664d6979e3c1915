import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPServer

/// A parsed response read off a raw socket.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking test client over a raw TCP socket, with read timeouts.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init?(port: Int) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        if rc != 0 { close(fd); return nil }
    }
    deinit { close(fd) }

    func send(_ s: String) { send(Array(s.utf8)) }
    func send(_ b: [UInt8]) {
        var done = 0
        while done < b.count {
            let w = b.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, b.count - done, Int32(MSG_NOSIGNAL)) }
            if w <= 0 { return }
            done += w
        }
    }

    /// Reads more bytes; false on EOF, error or timeout.
    private func fill(timeout: Double) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) == 1 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 65536, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[..<n])
        return true
    }

    /// Reads one response (no body for HEAD requests or 1xx/204/304).
    func readResponse(head: Bool = false, timeout: Double = 5) -> RawResponse? {
        let deadline = Date().addingTimeInterval(timeout)
        func remaining() -> Double { max(0.01, deadline.timeIntervalSinceNow) }
        var headEnd: Int? = nil
        while headEnd == nil {
            if let r = findHeadEnd() { headEnd = r; break }
            if Date() > deadline || !fill(timeout: remaining()) { return nil }
        }
        let headText = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        var headers: [(String, String)] = []
        for l in lines where !l.isEmpty {
            guard let c = l.firstIndex(of: ":") else { continue }
            headers.append((String(l[..<c]), l[l.index(after: c)...].trimmingCharacters(in: .whitespaces)))
        }
        buffer.removeFirst(headEnd! + 4)
        var response = RawResponse(status: status, headers: headers, body: [])
        let noBody = head || (100..<200).contains(status) || status == 204 || status == 304
        let length = noBody ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            if Date() > deadline || !fill(timeout: remaining()) { return nil }
        }
        response.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return response
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { return i }
        return nil
    }

    /// True if the server closes the connection within `timeout` without sending anything more.
    func closesSilently(timeout: Double = 3) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) == 1 else { return false }
        var b = [UInt8](repeating: 0, count: 16)
        let n = b.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 16, 0) }
        return n <= 0 && buffer.isEmpty
    }

    /// Unconsumed bytes after the last response.
    var leftover: [UInt8] { buffer }
}

final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ v: T) { value = v }
    func with<R>(_ f: (inout T) -> R) -> R { lock.lock(); defer { lock.unlock() }; return f(&value) }
    var get: T { with { $0 } }
}

/// The handler behind the integration tests.
final class TestHandler: HTTPHandler, @unchecked Sendable {
    let spoolPaths = Box<[String]>([])
    let bodyKinds = Box<[String]>([])
    var filePath: String { TestHandler.shared.path }
    var fileBytes: [UInt8] { TestHandler.shared.bytes }

    /// One 3 MB file for the whole run (building it per test is slow in debug builds).
    static let shared: (path: String, bytes: [UInt8]) = {
        let path = NSTemporaryDirectory() + "opora-test-file-\(getpid())"
        let bytes = [UInt8](unsafeUninitializedCapacity: 3 << 20) { buf, n in
            for i in 0..<buf.count { buf[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
            n = buf.count
        }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        atexit { unlink(NSTemporaryDirectory() + "opora-test-file-\(getpid())") }
        return (path, bytes)
    }()

    func bodyLimit(for head: HTTPRequestHead) -> Int {
        head.path == "/small" ? 10 : 4 << 20
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain")
        switch request.path {
        case "/slow":
            usleep(600_000)
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(Array("slow done".utf8)))
        case "/file":
            return HTTPResponse(status: .ok, headers: headers, body: .file(path: filePath, count: fileBytes.count))
        case "/ignore":
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(Array("ignored".utf8)))
        case "/spool":
            switch request.body {
            case .file(let path, _): spoolPaths.with { $0.append(path) }; bodyKinds.with { $0.append("file") }
            case .bytes: bodyKinds.with { $0.append("bytes") }
            case .empty: bodyKinds.with { $0.append("empty") }
            }
            let b = request.bodyBytes()
            var sum = 0
            for x in b { sum = (sum &* 31 &+ Int(x)) & 0xFFFFFFF }
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(Array("\(b.count) \(sum)".utf8)))
        case "/headers":
            headers.add("Content-Length", "999")
            headers.add("Connection", "keep-alive, bogus")
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(Array("h".utf8)))
        case "/inject":
            // `?XX`: a header value with the byte 0xXX inside; `?name`: a header name with a space.
            let q = request.query ?? ""
            if q == "name" { headers.add("X Evil", "a") } else {
                let byte = UInt8(q, radix: 16) ?? 0x41
                headers.add("X-Evil", "a" + String(decoding: [byte], as: UTF8.self) + "Injected: yes")
            }
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(Array("i".utf8)))
        case "/big":
            // Over the 16 KiB copy threshold: header and body leave through writev.
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(Array(fileBytes.prefix(1 << 20))))
        case "/nocontent":
            return HTTPResponse(status: .noContent, headers: headers)
        default:
            let text = "\(request.method) \(request.path) q=\(request.query ?? "-") body=\(String(decoding: request.bodyBytes(), as: UTF8.self))"
            return HTTPResponse(status: .ok, headers: headers, body: .bytes(Array(text.utf8)))
        }
    }
}

func checksum(_ b: [UInt8]) -> Int {
    var sum = 0
    for x in b { sum = (sum &* 31 &+ Int(x)) & 0xFFFFFFF }
    return sum
}

/// Runs `body` against a fresh server on an ephemeral port with short timeouts.
func withServer(_ tweak: (inout HTTPServerConfiguration) -> Void = { _ in },
                _ body: (HTTPServer, TestHandler, Box<[AccessLogEntry]>) throws -> Void) throws {
    let handler = TestHandler()
    let log = Box<[AccessLogEntry]>([])
    var config = HTTPServerConfiguration()
    config.port = 0
    config.headerTimeout = 0.5
    config.bodyTimeout = 0.5
    config.idleTimeout = 0.5
    config.drainTimeout = 3
    config.workerThreads = 4
    config.accessLog = { entry in log.with { $0.append(entry) } }
    tweak(&config)
    let server = HTTPServer(configuration: config, handler: handler)
    try server.start()
    defer { server.stop() }
    try body(server, handler, log)
}

/// A plain GET on a new connection: what every hostile test checks afterwards.
func serverStillServes(_ server: HTTPServer) -> Bool {
    guard let c = RawClient(port: server.port) else { return false }
    c.send("GET /alive HTTP/1.1\r\nHost: t\r\n\r\n")
    return c.readResponse()?.text == "GET /alive q=- body="
}
