#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Incremental HTTP/1.1 request decoder over one byte buffer.
///
/// Linear time: the head is scanned once for line ends (memchr) from where the previous call stopped,
/// limits are checked on partial lines so an endless line is rejected early, and the field lines are
/// interpreted once when the blank line arrives. Usable without sockets: `feed` bytes, call `next()`.
final class RequestDecoder: @unchecked Sendable {
    let buffer = ByteBuffer()
    let limits: ParserLimits

    private enum State {
        case head
        case awaitingBodyDecision(BodyFraming)
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailer
        case failed(HTTPStatus)
    }
    private var state = State.head

    // Head scan state; offsets are relative to the buffer's read index and the head is consumed only when complete.
    private var scan = 0
    private var lineStart = 0
    private var headerStart = 0
    private var requestLine: RequestLine? = nil
    private var fieldLines: [(Int, Int)] = []
    private var leadingEmptyLines = 0
    /// Bytes of the head handed to memchr so far: tests check it stays proportional to the input (no re-scans).
    private(set) var headBytesExamined = 0

    // Body state.
    private var sink: BodySink? = nil
    private var bodyLimit = 0
    private var received = 0
    // Chunk-size / trailer line state.
    private var chunkValue = 0
    private var chunkDigits = 0
    private var chunkLineBytes = 0
    private var inExtension = false
    /// After the size's digits and white space (BWS): only more white space or `;` may follow.
    private var afterSizeSpace = false
    private var sawCR = false
    private var trailerBytes = 0
    private var trailerLineEmpty = true

    init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
        fieldLines.reserveCapacity(16)
    }

    deinit { sink?.discard() }

    /// Appends received bytes.
    func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received but not yet consumed (e.g. a pipelined next request).
    var bufferedByteCount: Int { buffer.readable }

    /// True between requests with nothing buffered: nothing of a next request has arrived.
    var isIdle: Bool {
        if case .head = state { return buffer.readable == 0 && requestLine == nil }
        return false
    }

    /// True while a request head is partly received.
    var hasPartialHead: Bool {
        if case .head = state { return buffer.readable > 0 || requestLine != nil }
        return false
    }

    /// After `.head`, sets the body limit; a `Content-Length` beyond it is answered 413 here.
    @discardableResult
    func beginBody(limit: Int) -> HTTPStatus? {
        guard case .awaitingBodyDecision(let framing) = state else { return nil }
        bodyLimit = limit
        received = 0
        switch framing {
        case .none:
            state = .body(remaining: 0)
            sink = BodySink(threshold: limits.spoolThreshold, expected: 0)
        case .length(let n):
            if n > limit { state = .failed(.contentTooLarge); return .contentTooLarge }
            sink = BodySink(threshold: limits.spoolThreshold, expected: n)
            state = .body(remaining: n)
        case .chunked:
            sink = BodySink(threshold: limits.spoolThreshold, expected: nil)
            resetChunkLine()
            state = .chunkSize
        }
        return nil
    }

    /// Abandons the current request (discarding a spooled body).
    func abandonBody() {
        sink?.discard()
        sink = nil
    }

    func next() -> DecoderEvent {
        switch state {
        case .head:
            return parseHead()
        case .awaitingBodyDecision:
            return .needMore // caller must call beginBody(limit:)
        case .failed(let s):
            return .error(s)
        default:
            return parseBody()
        }
    }

    private func fail(_ s: HTTPStatus) -> DecoderEvent {
        state = .failed(s)
        sink?.discard(); sink = nil
        return .error(s)
    }

    // MARK: Head

    private func parseHead() -> DecoderEvent {
        while true {
            let base = UnsafePointer(buffer.readPointer)
            let n = buffer.readable
            // Bytes past this offset break a size limit. A bare CR is looked for only before it, and before the
            // limit is checked, so the outcome is the same however the bytes were split into reads.
            let window = requestLine == nil ? lineStart + limits.maxRequestLineBytes + 1 : headerStart + limits.maxHeaderBytes
            headBytesExamined += max(0, n - scan)
            guard scan < n, let hit = memchr(base + scan, Int32(LF), n - scan) else {
                // A CR followed by anything but LF is refused now, not when (if ever) a LF arrives.
                headBytesExamined += max(0, min(n - 1, window) - max(lineStart, scan - 1))
                if HeadParser.find(base, max(lineStart, scan - 1), min(n - 1, window), CR) != nil { return fail(.badRequest) }
                scan = n
                // The current line is incomplete: reject as soon as it is already over a limit.
                if requestLine == nil {
                    if n - lineStart > limits.maxRequestLineBytes + 1 { return fail(.uriTooLong) }
                } else if n - headerStart > limits.maxHeaderBytes { return fail(.headerFieldsTooLarge) }
                return .needMore
            }
            let lf = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            scan = lf + 1
            headBytesExamined += max(0, min(lf - 1, window) - lineStart)
            if HeadParser.find(base, lineStart, min(lf - 1, window), CR) != nil { return fail(.badRequest) }
            // Limits next, so the outcome does not depend on how the bytes were split into reads.
            if requestLine == nil {
                if lf - lineStart > limits.maxRequestLineBytes + 1 { return fail(.uriTooLong) }
            } else if scan - headerStart > limits.maxHeaderBytes { return fail(.headerFieldsTooLarge) }
            guard lf > lineStart, base[lf - 1] == CR else { return fail(.badRequest) } // bare LF
            let lineEnd = lf - 1
            if HeadParser.find(base, lineStart, lineEnd, CR) != nil { return fail(.badRequest) }

            if requestLine == nil {
                if lineEnd == lineStart {
                    // RFC 9112 §2.2: ignore a few empty lines before the request-line.
                    leadingEmptyLines += 1
                    if leadingEmptyLines > 16 { return fail(.badRequest) }
                    buffer.consume(scan); scan = 0; lineStart = 0
                    continue
                }
                switch HeadParser.parseRequestLine(base + lineStart, lineEnd - lineStart) {
                case .success(let rl): requestLine = rl
                case .failure(let e): return fail(e.status)
                }
                headerStart = scan
                lineStart = scan
                continue
            }
            if lineEnd == lineStart {
                let result = HeadParser.parseFields(base, fieldLines, line: requestLine!)
                buffer.consume(scan)
                resetHead()
                switch result {
                case .success(let parsed):
                    state = .awaitingBodyDecision(parsed.framing)
                    return .head(parsed)
                case .failure(let e):
                    return fail(e.status)
                }
            }
            if fieldLines.count >= limits.maxHeaderCount { return fail(.headerFieldsTooLarge) }
            fieldLines.append((lineStart, lineEnd))
            lineStart = scan
        }
    }

    private func resetHead() {
        scan = 0; lineStart = 0; headerStart = 0
        requestLine = nil
        leadingEmptyLines = 0
        fieldLines.removeAll(keepingCapacity: true)
    }

    // MARK: Body

    private func finishBody() -> DecoderEvent {
        let body = sink?.finish() ?? .empty
        sink = nil
        state = .head
        return .body(body)
    }

    private func take(_ max: Int) -> Bool {
        let n = min(max, buffer.readable)
        guard sink!.append(buffer.readPointer, n) else { return false }
        buffer.consume(n)
        received += n
        return true
    }

    private func resetChunkLine() {
        chunkValue = 0; chunkDigits = 0; chunkLineBytes = 0; inExtension = false; afterSizeSpace = false; sawCR = false
    }

    private func parseBody() -> DecoderEvent {
        while true {
            switch state {
            case .body(let remaining):
                if remaining == 0 { return finishBody() }
                if buffer.readable == 0 { return .needMore }
                let n = min(remaining, buffer.readable)
                guard take(n) else { return fail(.internalServerError) }
                state = .body(remaining: remaining - n)

            case .chunkSize:
                if buffer.readable == 0 { return .needMore }
                let p = buffer.readPointer
                let n = buffer.readable
                var i = 0
                var lineDone = false
                while i < n {
                    let c = p[i]; i += 1
                    chunkLineBytes += 1
                    if chunkLineBytes > limits.maxChunkLineBytes { return fail(.badRequest) }
                    if sawCR {
                        guard c == LF else { return fail(.badRequest) }
                        lineDone = true; break
                    }
                    if c == CR { sawCR = true; continue }
                    if inExtension {
                        // chunk-ext is ignored, but must not hold control bytes.
                        if (c < 0x20 && c != HT) || c == 0x7F { return fail(.badRequest) }
                        continue
                    }
                    if afterSizeSpace {
                        // `5 5` or `5 x` would let two parsers disagree on the size.
                        if c == UInt8(ascii: ";") { inExtension = true } else if c != SP && c != HT { return fail(.badRequest) }
                        continue
                    }
                    if let d = hexValue(c) {
                        guard chunkValue <= (Int.max >> 4) else { return fail(.badRequest) }
                        chunkValue = chunkValue << 4 | d
                        chunkDigits += 1
                    } else if chunkDigits > 0 && c == UInt8(ascii: ";") {
                        inExtension = true
                    } else if chunkDigits > 0 && (c == SP || c == HT) {
                        afterSizeSpace = true
                    } else {
                        return fail(.badRequest)
                    }
                }
                buffer.consume(i)
                if !lineDone { return .needMore }
                guard chunkDigits > 0 else { return fail(.badRequest) }
                let size = chunkValue
                resetChunkLine()
                if size == 0 {
                    trailerBytes = 0; trailerLineEmpty = true; sawCR = false
                    state = .trailer
                } else {
                    if size > bodyLimit - received { return fail(.contentTooLarge) }
                    state = .chunkData(remaining: size)
                }

            case .chunkData(let remaining):
                if buffer.readable == 0 { return .needMore }
                let n = min(remaining, buffer.readable)
                guard take(n) else { return fail(.internalServerError) }
                state = remaining - n == 0 ? .chunkDataEnd : .chunkData(remaining: remaining - n)

            case .chunkDataEnd:
                if buffer.readable < 2 {
                    if buffer.readable == 1 && buffer.readPointer[0] != CR { return fail(.badRequest) }
                    return .needMore
                }
                guard buffer.readPointer[0] == CR, buffer.readPointer[1] == LF else { return fail(.badRequest) }
                buffer.consume(2)
                state = .chunkSize

            case .trailer:
                // Trailer fields are discarded; only framing is checked.
                if buffer.readable == 0 { return .needMore }
                let p = buffer.readPointer
                let n = buffer.readable
                var i = 0
                while i < n {
                    let c = p[i]; i += 1
                    trailerBytes += 1
                    if trailerBytes > limits.maxHeaderBytes { return fail(.headerFieldsTooLarge) }
                    if sawCR {
                        guard c == LF else { return fail(.badRequest) }
                        sawCR = false
                        if trailerLineEmpty {
                            buffer.consume(i)
                            return finishBody()
                        }
                        trailerLineEmpty = true
                        continue
                    }
                    if c == CR { sawCR = true; continue }
                    if c == LF || c == 0 { return fail(.badRequest) }
                    trailerLineEmpty = false
                }
                buffer.consume(i)
                return .needMore

            case .head, .awaitingBodyDecision, .failed:
                return next()
            }
        }
    }

    @inline(__always) private func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 48...57: return Int(c - 48)
        case 65...70: return Int(c - 55)
        case 97...102: return Int(c - 87)
        default: return nil
        }
    }
}
