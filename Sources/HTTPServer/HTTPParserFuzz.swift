#if canImport(Glibc)
import Glibc
#endif

/// What the decoder made of some bytes, one entry per request (for tests and fuzzing).
public enum ParseOutcome: Sendable, Equatable {
    case request(method: String, target: String, path: String, query: String?, version: HTTPVersion,
                 headers: [String], body: [UInt8], keepAlive: Bool)
    /// The server would answer this status and close.
    case error(Int)
    /// A request was started but is not complete yet.
    case incomplete
}

/// Entry points that drive the parser without sockets.
public enum HTTPParserFuzz {
    /// Feeds `pieces` one after another, like successive reads, and returns every outcome.
    /// Handles `Expect` and the body limit as the server does.
    public static func decode(_ pieces: [[UInt8]], limits: ParserLimits = ParserLimits(), bodyLimit: Int = 1 << 20) -> [ParseOutcome] {
        let decoder = RequestDecoder(limits: limits)
        var outcomes: [ParseOutcome] = []
        var pending: ParsedHead? = nil
        for piece in pieces {
            decoder.feed(piece)
            while true {
                switch decoder.next() {
                case .needMore:
                    break
                case .head(let parsed):
                    switch BodyDecision.decide(parsed, limit: bodyLimit, bodyBytesAlreadyBuffered: true) {
                    case .reject(let status):
                        outcomes.append(.error(status.code))
                        return outcomes
                    case .accept:
                        if let status = decoder.beginBody(limit: bodyLimit) {
                            outcomes.append(.error(status.code))
                            return outcomes
                        }
                        pending = parsed
                    }
                    continue
                case .body(let body):
                    let p = pending!
                    pending = nil
                    var bytes: [UInt8]
                    switch body {
                    case .empty: bytes = []
                    case .bytes(let b): bytes = b
                    case .file(let path, _):
                        bytes = readWholeFile(path) ?? []
                        unlink(path)
                    }
                    outcomes.append(.request(method: p.head.method.rawValue, target: p.head.target, path: p.head.path,
                                             query: p.head.query, version: p.head.version,
                                             headers: p.head.headers.fields.map { "\($0.name): \($0.value)" },
                                             body: bytes, keepAlive: p.keepAlive))
                    continue
                case .error(let status):
                    outcomes.append(.error(status.code))
                    return outcomes
                }
                break
            }
        }
        if !decoder.isIdle { outcomes.append(.incomplete) }
        return outcomes
    }

    /// Small limits so fuzzing reaches every limit and the spool path quickly.
    public static let fuzzLimits = ParserLimits(maxRequestLineBytes: 256, maxHeaderBytes: 1024, maxHeaderCount: 16, spoolThreshold: 64)

    /// Decodes `data` whole and split in three (split points taken from the data itself) and checks the invariants:
    /// only the last outcome may be an error or incomplete, statuses are ones the server sends, and the
    /// way the bytes were split does not change the result.
    public static func run(data: [UInt8]) {
        let whole = decode([data], limits: fuzzLimits, bodyLimit: 512)
        check(whole)
        if data.count >= 2 {
            let a = Int(data[0]) * data.count / 256
            let b = a + (Int(data[data.count - 1]) * (data.count - a)) / 256
            let split = decode([Array(data[..<a]), Array(data[a..<b]), Array(data[b...])], limits: fuzzLimits, bodyLimit: 512)
            check(split)
            precondition(split == whole, "split-dependent parse result")
        }
    }

    static let allowedStatuses: Set<Int> = [400, 413, 414, 417, 431, 500, 501, 505]

    private static func check(_ outcomes: [ParseOutcome]) {
        for (i, o) in outcomes.enumerated() {
            switch o {
            case .request(let method, _, let path, _, _, _, let body, _):
                precondition(!method.isEmpty && !path.isEmpty, "empty method or path")
                precondition(body.count <= 512, "body over the limit")
            case .error(let code):
                precondition(i == outcomes.count - 1, "outcome after an error")
                precondition(allowedStatuses.contains(code), "unexpected status \(code)")
            case .incomplete:
                precondition(i == outcomes.count - 1, "outcome after incomplete")
            }
        }
    }
}
