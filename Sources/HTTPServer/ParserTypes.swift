/// Limits the parser enforces, taken from `HTTPServerConfiguration`.
public struct ParserLimits: Sendable {
    public var maxRequestLineBytes: Int
    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    public var spoolThreshold: Int
    /// Longest chunk-size line (with extensions) accepted in a chunked body.
    public var maxChunkLineBytes: Int = 4096

    public init(maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 32 * 1024,
                maxHeaderCount: Int = 100, spoolThreshold: Int = 1 << 20) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.spoolThreshold = spoolThreshold
    }

    public init(_ c: HTTPServerConfiguration) {
        self.init(maxRequestLineBytes: c.maxRequestLineBytes, maxHeaderBytes: c.maxHeaderBytes,
                  maxHeaderCount: c.maxHeaderCount, spoolThreshold: c.spoolThreshold)
    }
}

/// How the body of a request is delimited.
enum BodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked
}

/// What an `Expect` header asks for.
enum Expectation: Sendable, Equatable {
    case none
    case continue100
    /// Any expectation other than `100-continue`: answered with 417.
    case unsupported
}

/// A request head plus what the parser derived from it.
struct ParsedHead: Sendable {
    var head: HTTPRequestHead
    var framing: BodyFraming
    /// Whether the connection may stay open after the response (version + `Connection`).
    var keepAlive: Bool
    var expectation: Expectation
}

/// One step of the decoder.
enum DecoderEvent: Sendable {
    /// Feed more bytes.
    case needMore
    /// A complete head; call `beginBody(limit:)` before asking for the next event.
    case head(ParsedHead)
    /// The body is complete; the decoder is ready for the next request.
    case body(HTTPRequestBody)
    /// The request is malformed or over a limit; the connection must answer this status and close.
    case error(HTTPStatus)
}

/// What the server does once a head is known: decided before any body byte is read.
enum BodyDecision: Sendable, Equatable {
    case reject(HTTPStatus)
    /// Read the body; send `100 Continue` first when `sendContinue`.
    case accept(sendContinue: Bool)

    static func decide(_ parsed: ParsedHead, limit: Int, bodyBytesAlreadyBuffered: Bool) -> BodyDecision {
        if parsed.expectation == .unsupported { return .reject(.expectationFailed) }
        if case .length(let n) = parsed.framing, n > limit { return .reject(.contentTooLarge) }
        let send = parsed.expectation == .continue100 && parsed.framing != .none && !bodyBytesAlreadyBuffered
        return .accept(sendContinue: send)
    }
}
