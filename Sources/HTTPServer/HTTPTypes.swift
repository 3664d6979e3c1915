// Public value types of the server: what a handler receives and returns.

public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let options = HTTPMethod(rawValue: "OPTIONS")
}

public enum HTTPVersion: Sendable, Hashable {
    case http10, http11
}

/// Header fields in arrival order; names compared case-insensitively (ASCII).
public struct HTTPHeaders: Sendable, Sequence {
    public private(set) var fields: [(name: String, value: String)] = []
    public init() {}
    public init(_ fields: [(String, String)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        for field in fields where field.name.asciiCaseInsensitiveEquals(name) { return field.value }
        return nil
    }
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.asciiCaseInsensitiveEquals(name) }.map(\.value)
    }
    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }
    /// Replaces every field called `name` by one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }
    public mutating func remove(_ name: String) { fields.removeAll { $0.name.asciiCaseInsensitiveEquals(name) } }
    public var count: Int { fields.count }
    public mutating func reserveCapacity(_ n: Int) { fields.reserveCapacity(n) }
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}

extension String {
    @inlinable
    public func asciiCaseInsensitiveEquals(_ other: String) -> Bool {
        var a = utf8.makeIterator(), b = other.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x == y { continue }
                let lx = (x >= 65 && x <= 90) ? x | 0x20 : x
                let ly = (y >= 65 && y <= 90) ? y | 0x20 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }
}

/// The part of a request known before its body is read.
public struct HTTPRequestHead: Sendable {
    public var method: HTTPMethod
    /// The request-target as sent, e.g. `/schools/12?q=a`.
    public var target: String
    /// The path part of the target, still percent-encoded.
    public var path: String
    /// The query part without `?`, still percent-encoded; nil when absent.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public init(method: HTTPMethod, target: String, path: String, query: String?, version: HTTPVersion, headers: HTTPHeaders) {
        self.method = method; self.target = target; self.path = path; self.query = query
        self.version = version; self.headers = headers
    }
}

public enum HTTPRequestBody: Sendable {
    case empty
    case bytes([UInt8])
    /// A large body spooled to a temporary file that the server deletes after the response.
    case file(path: String, count: Int)

    public var count: Int {
        switch self {
        case .empty: 0
        case .bytes(let b): b.count
        case .file(_, let n): n
        }
    }
}

public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: HTTPRequestBody
    /// Peer address, e.g. `127.0.0.1`.
    public var remoteAddress: String
    public init(head: HTTPRequestHead, body: HTTPRequestBody, remoteAddress: String) {
        self.head = head; self.body = body; self.remoteAddress = remoteAddress
    }
    public var method: HTTPMethod { head.method }
    public var path: String { head.path }
    public var query: String? { head.query }
    public var headers: HTTPHeaders { head.headers }

    /// The body as bytes (reads a spooled file).
    public func bodyBytes() -> [UInt8] {
        switch body {
        case .empty: return []
        case .bytes(let b): return b
        case .file(let path, _): return readWholeFile(path) ?? []
        }
    }
}

public struct HTTPStatus: Sendable, Hashable {
    public var code: Int
    public var reason: String
    public init(_ code: Int, _ reason: String) { self.code = code; self.reason = reason }

    public static let ok = HTTPStatus(200, "OK")
    public static let created = HTTPStatus(201, "Created")
    public static let noContent = HTTPStatus(204, "No Content")
    public static let movedPermanently = HTTPStatus(301, "Moved Permanently")
    public static let found = HTTPStatus(302, "Found")
    public static let seeOther = HTTPStatus(303, "See Other")
    public static let notModified = HTTPStatus(304, "Not Modified")
    public static let badRequest = HTTPStatus(400, "Bad Request")
    public static let unauthorized = HTTPStatus(401, "Unauthorized")
    public static let forbidden = HTTPStatus(403, "Forbidden")
    public static let notFound = HTTPStatus(404, "Not Found")
    public static let methodNotAllowed = HTTPStatus(405, "Method Not Allowed")
    public static let requestTimeout = HTTPStatus(408, "Request Timeout")
    public static let conflict = HTTPStatus(409, "Conflict")
    public static let lengthRequired = HTTPStatus(411, "Length Required")
    public static let contentTooLarge = HTTPStatus(413, "Content Too Large")
    public static let uriTooLong = HTTPStatus(414, "URI Too Long")
    public static let unsupportedMediaType = HTTPStatus(415, "Unsupported Media Type")
    public static let expectationFailed = HTTPStatus(417, "Expectation Failed")
    public static let unprocessableContent = HTTPStatus(422, "Unprocessable Content")
    public static let tooManyRequests = HTTPStatus(429, "Too Many Requests")
    public static let headerFieldsTooLarge = HTTPStatus(431, "Request Header Fields Too Large")
    public static let internalServerError = HTTPStatus(500, "Internal Server Error")
    public static let notImplemented = HTTPStatus(501, "Not Implemented")
    public static let serviceUnavailable = HTTPStatus(503, "Service Unavailable")
    public static let versionNotSupported = HTTPStatus(505, "HTTP Version Not Supported")
}

public enum HTTPResponseBody: Sendable {
    case bytes([UInt8])
    /// A file sent as is (sendfile where possible); `count` bytes from the start.
    case file(path: String, count: Int)

    public var count: Int {
        switch self {
        case .bytes(let b): b.count
        case .file(_, let n): n
        }
    }
}

public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    /// The server adds Content-Length, Date and Connection itself.
    public var headers: HTTPHeaders
    public var body: HTTPResponseBody
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: HTTPResponseBody = .bytes([])) {
        self.status = status; self.headers = headers; self.body = body
    }
}

/// The application side of the server. Called from server threads, possibly concurrently.
public protocol HTTPHandler: Sendable {
    /// The largest body accepted for this request; beyond it the server answers 413 without reading it.
    func bodyLimit(for head: HTTPRequestHead) -> Int
    /// HEAD requests arrive here as GET; the server sends the headers (with the GET body's length) and no body.
    func handle(_ request: HTTPRequest) -> HTTPResponse
    /// The response the server sends for errors it detects itself (400, 408, 413, 414, 431, 501, 503, 505).
    func errorResponse(_ status: HTTPStatus) -> HTTPResponse
}

extension HTTPHandler {
    public func bodyLimit(for head: HTTPRequestHead) -> Int { 1 << 20 }
    public func errorResponse(_ status: HTTPStatus) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain; charset=utf-8")
        return HTTPResponse(status: status, headers: headers, body: .bytes(Array("\(status.code) \(status.reason)\n".utf8)))
    }
}

/// One line of the access log.
public struct AccessLogEntry: Sendable {
    public var method: String
    public var path: String
    public var status: Int
    public var bytes: Int
    public var milliseconds: Double
    public var remoteAddress: String
}
