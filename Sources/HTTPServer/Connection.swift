#if canImport(Glibc)
import Glibc
#endif
import CHTTPShims

/// One client connection.
///
/// Ownership: exactly one thread works on a connection at a time. The event loop owns it, except between
/// dispatching a request and the worker handing it back (`inWorker`). The fd is registered EPOLLONESHOT,
/// so no event arrives while a worker owns it; the worker re-arms it (under `lock`) when it gives it back.
/// `lock` also guards `closed`, so a worker never touches an fd the loop has closed (and maybe reused).
final class Connection: @unchecked Sendable {
    enum Phase { case idle, head, body, processing, writing, lingering }

    let fd: Int32
    /// Strong on purpose: a worker may still finish a request after the server has stopped and been released.
    /// The cycle through the loop's table is broken when the connection closes.
    let loop: EventLoop
    let core: ServerCore
    let remoteAddress: String
    let decoder: RequestDecoder
    /// Counted against `maxConnections` (false for the 503 rejects).
    let counted: Bool

    let lock = Lock()
    var inWorker = false
    var closed = false

    var phase = Phase.idle
    var deadline: Double

    // Pending output.
    var out: [UInt8] = []
    var outOffset = 0
    var outFile: Int32 = -1
    var outFileOffset: Int64 = 0
    var outFileRemaining = 0
    var closeAfterWrite = false
    var lingerAfterWrite = false
    var writeFailed = false

    // The request being read or handled.
    var current: ParsedHead? = nil
    var requestStarted = 0.0
    var spoolPath: String? = nil

    init(fd: Int32, loop: EventLoop, remoteAddress: String, counted: Bool, now: Double) {
        self.fd = fd
        self.loop = loop
        self.core = loop.core
        self.remoteAddress = remoteAddress
        self.counted = counted
        self.decoder = RequestDecoder(limits: loop.core.limits)
        self.deadline = now + loop.core.configuration.headerTimeout
    }

    // MARK: Loop side

    func handleEvent(_ events: UInt32) {
        // Taking the lock orders this thread after the worker that re-armed the fd (and drops stale events).
        if lock.withLock({ inWorker || closed }) { return }
        if phase == .lingering { discardInput(); return }
        if outOffset < out.count || outFileRemaining > 0 {
            switch flush() {
            case .failed: close(); return
            case .wouldBlock:
                if phase == .writing { deadline = monotonicNow() + core.configuration.bodyTimeout } // progress was made
                arm()
                return
            case .done: break
            }
        }
        if phase == .writing { afterResponse(); return }
        drive()
    }

    /// Parses what is buffered, reading more while the decoder asks for it.
    func drive() {
        while true {
            switch decoder.next() {
            case .needMore:
                switch readSome() {
                case .data: continue
                case .wouldBlock:
                    if phase == .idle && decoder.hasPartialHead {
                        phase = .head
                        deadline = monotonicNow() + core.configuration.headerTimeout
                    }
                    arm()
                    return
                case .closed:
                    close()
                    return
                }
            case .head(let parsed):
                current = parsed
                requestStarted = monotonicNow()
                let limit = core.handler.bodyLimit(for: parsed.head)
                switch BodyDecision.decide(parsed, limit: limit, bodyBytesAlreadyBuffered: decoder.bufferedByteCount > 0) {
                case .reject(let status):
                    sendError(status)
                    return
                case .accept(let sendContinue):
                    if let status = decoder.beginBody(limit: limit) { sendError(status); return }
                    if sendContinue { queueOutput(ResponseWriter.continue100) }
                    phase = .body
                    deadline = requestStarted + core.configuration.bodyTimeout
                }
            case .body(let body):
                guard let parsed = current else { sendError(.badRequest); return }
                if case .file(let path, _) = body { spoolPath = path }
                phase = .processing
                lock.withLock { inWorker = true }
                var head = parsed.head
                let isHead = head.method == .head
                if isHead { head.method = .get }
                let request = HTTPRequest(head: head, body: body, remoteAddress: remoteAddress)
                core.pool.submit(Job(connection: self, request: request, keepAlive: parsed.keepAlive, isHead: isHead, started: requestStarted))
                return
            case .error(let status):
                sendError(status)
                return
            }
        }
    }

    enum ReadResult { case data, wouldBlock, closed }

    private func readSome() -> ReadResult {
        let buffer = decoder.buffer
        // Small reads for heads keep idle connections cheap; large ones for bodies keep uploads fast.
        buffer.reserveWritable(phase == .body ? 64 * 1024 : 2048)
        while true {
            let n = read(fd, buffer.writePointer, buffer.writable)
            if n > 0 { buffer.commit(n); return .data }
            if n == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .closed
            }
        }
    }

    /// Small output while reading (100 Continue): written now, the rest on EPOLLOUT.
    private func queueOutput(_ bytes: [UInt8]) {
        out.append(contentsOf: bytes)
        if case .failed = flush() { writeFailed = true }
    }

    func arm() {
        var events = CHTTP_EV_IN | CHTTP_EV_ONESHOT
        if outOffset < out.count || outFileRemaining > 0 {
            events = CHTTP_EV_OUT | CHTTP_EV_ONESHOT
            if phase != .writing && phase != .lingering { events |= CHTTP_EV_IN }
        }
        _ = chttp_epoll_ctl(loop.epfd, 1, fd, events, UInt64(fd))
    }

    enum FlushResult { case done, wouldBlock, failed }

    func flush() -> FlushResult {
        while outOffset < out.count {
            let w = out.withUnsafeBytes { send(fd, $0.baseAddress! + outOffset, $0.count - outOffset, Int32(MSG_NOSIGNAL)) }
            if w < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
                return .failed
            }
            outOffset += w
        }
        if !out.isEmpty { out.removeAll(keepingCapacity: out.capacity <= 64 * 1024); outOffset = 0 }
        while outFileRemaining > 0 {
            let w = chttp_sendfile(fd, outFile, &outFileOffset, min(outFileRemaining, 1 << 20))
            if w < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
                return .failed
            }
            if w == 0 { return .failed } // the file is shorter than announced
            outFileRemaining -= w
        }
        if outFile >= 0 { Glibc.close(outFile); outFile = -1 }
        return .done
    }

    /// Called on the loop when a worker hands the connection back with output pending or a close to do.
    func resumeFromWorker() {
        let wasClosed = lock.withLock { () -> Bool in inWorker = false; return closed }
        if wasClosed { return }
        if writeFailed { close(); return }
        switch flush() {
        case .failed: close()
        case .wouldBlock:
            deadline = monotonicNow() + core.configuration.bodyTimeout // a client that stops reading
            arm()
        case .done: afterResponse()
        }
    }

    /// The response is fully written.
    func afterResponse() {
        deleteSpool()
        current = nil
        if lingerAfterWrite { startLinger(); return }
        if closeAfterWrite || core.isDraining {
            // Unread pipelined bytes would make close() send a reset that can destroy the response in flight.
            if decoder.bufferedByteCount > 0 { startLinger() } else { close() }
            return
        }
        phase = .idle
        deadline = monotonicNow() + core.configuration.idleTimeout
        if decoder.bufferedByteCount == 0 { decoder.buffer.clear() } // gives back a buffer grown by a big request
        drive()
    }

    /// Answers a status the server detects itself, then closes (after lingering so the client reads it).
    func sendError(_ status: HTTPStatus) {
        let response = core.handler.errorResponse(status)
        var body: [UInt8]
        switch response.body {
        case .bytes(let b): body = b
        case .file(let path, _): body = readWholeFile(path) ?? []
        }
        if ResponseWriter.forbidsBody(response.status.code) { body = [] }
        loop.date.refresh()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + body.count)
        ResponseWriter.serializeHead(response, bodyCount: body.count, keepAlive: false, date: loop.date.bytes, into: &bytes)
        if current?.head.method != .head { bytes.append(contentsOf: body) }
        let now = monotonicNow()
        core.log(method: current?.head.method.rawValue ?? "-", path: current?.head.path ?? "-",
                 status: response.status.code, bytes: body.count,
                 ms: current == nil ? 0 : (now - requestStarted) * 1000, remote: remoteAddress)
        decoder.abandonBody()
        out.append(contentsOf: bytes)
        closeAfterWrite = true
        lingerAfterWrite = true
        phase = .writing
        switch flush() {
        case .done: afterResponse()
        case .wouldBlock: deadline = now + 5; arm()
        case .failed: close()
        }
    }

    /// Half-closes and reads what the client still sends, so closing does not reset the connection
    /// before the client has read our response.
    private func startLinger() {
        shutdown(fd, Int32(SHUT_WR))
        phase = .lingering
        deadline = monotonicNow() + 2
        discardInput()
    }

    private func discardInput() {
        let scratch = loop.scratch
        while true {
            let n = read(fd, scratch, 64 * 1024)
            if n > 0 { continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { arm(); return }
            close(); return
        }
    }

    /// During a drain: true when nothing of a next request has arrived, neither read nor waiting in the socket.
    /// A connection whose client has already sent a request is not quiet: that request is served.
    func isQuiet() -> Bool {
        guard phase == .idle, decoder.bufferedByteCount == 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) <= 0 // EAGAIN: nothing; 0: the client left
    }

    func checkTimeout(_ now: Double) {
        guard now >= deadline else { return }
        switch phase {
        case .idle: close()
        case .head: decoder.hasPartialHead ? sendError(.requestTimeout) : close()
        case .body: sendError(.requestTimeout)
        case .processing, .writing, .lingering: close()
        }
    }

    private func deleteSpool() {
        if let p = spoolPath { unlink(p); spoolPath = nil }
    }

    /// Closes the socket (loop thread only).
    func close() {
        let already = lock.withLock { () -> Bool in
            let was = closed
            closed = true
            return was
        }
        if already { return }
        Glibc.close(fd)
        if outFile >= 0 { Glibc.close(outFile); outFile = -1 }
        decoder.abandonBody()
        if !inWorker { deleteSpool() }
        loop.remove(self)
    }

    // MARK: Worker side

    /// Runs on a worker: writes the response directly if the socket takes it all, else hands back to the loop.
    func complete(_ job: Job, response original: HTTPResponse, ctx: inout WorkerContext) {
        var response = original
        var fileFD: Int32 = -1
        if case .file(let path, _) = response.body {
            fileFD = open(path, O_RDONLY | O_CLOEXEC)
            if fileFD < 0 { response = core.handler.errorResponse(.internalServerError) }
        }
        if let name = ResponseWriter.unsafeHeader(response) {
            if fileFD >= 0 { Glibc.close(fileFD); fileFD = -1 }
            let shown = String(decoding: name.utf8.filter { $0 > 0x20 && $0 < 0x7F }.prefix(64), as: UTF8.self)
            let line = Array("http: 500 instead of a response whose header \(shown) holds a control byte (\(job.request.head.path))\n".utf8)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            response = core.handler.errorResponse(.internalServerError)
        }
        let code = response.status.code
        let bodyCount = ResponseWriter.forbidsBody(code) ? 0 : response.body.count
        let sendBody = !job.isHead && bodyCount > 0
        let keepAlive = job.keepAlive && !core.isDraining && !ResponseWriter.asksClose(response)

        ctx.date.refresh()
        var bytes = ctx.scratch
        ctx.scratch = []
        bytes.removeAll(keepingCapacity: true)
        ResponseWriter.serializeHead(response, bodyCount: bodyCount, keepAlive: keepAlive, date: ctx.date.bytes, into: &bytes)
        var bigBody: [UInt8]? = nil
        if sendBody, case .bytes(let b) = response.body {
            if b.count <= 16 * 1024 { bytes.append(contentsOf: b) } else { bigBody = b }
        }
        if !sendBody && fileFD >= 0 { Glibc.close(fileFD); fileFD = -1 }
        let now = monotonicNow()
        core.log(method: job.isHead ? "HEAD" : job.request.head.method.rawValue, path: job.request.head.path, status: code,
                 bytes: sendBody ? bodyCount : 0, ms: (now - job.started) * 1000, remote: remoteAddress)

        lock.lock()
        if closed {
            lock.unlock()
            if fileFD >= 0 { Glibc.close(fileFD) }
            deleteSpool()
            ctx.scratch = bytes
            return
        }
        var written = 0
        var failed = false
        var blocked = false
        let total = bytes.count + (bigBody?.count ?? 0)
        bytes.withUnsafeBytes { h in
            if let big = bigBody {
                big.withUnsafeBytes { b in
                    while written < total {
                        var iov = [iovec](repeating: iovec(), count: 2)
                        var count: Int32 = 0
                        if written < h.count {
                            iov[0] = iovec(iov_base: UnsafeMutableRawPointer(mutating: h.baseAddress! + written), iov_len: h.count - written)
                            iov[1] = iovec(iov_base: UnsafeMutableRawPointer(mutating: b.baseAddress!), iov_len: b.count)
                            count = 2
                        } else {
                            let off = written - h.count
                            iov[0] = iovec(iov_base: UnsafeMutableRawPointer(mutating: b.baseAddress! + off), iov_len: b.count - off)
                            count = 1
                        }
                        let w = writev(fd, iov, count)
                        if w < 0 {
                            if errno == EINTR { continue }
                            if errno == EAGAIN || errno == EWOULDBLOCK { blocked = true } else { failed = true }
                            return
                        }
                        written += w
                    }
                }
            } else {
                while written < total {
                    let w = send(fd, h.baseAddress! + written, total - written, Int32(MSG_NOSIGNAL))
                    if w < 0 {
                        if errno == EINTR { continue }
                        if errno == EAGAIN || errno == EWOULDBLOCK { blocked = true } else { failed = true }
                        return
                    }
                    written += w
                }
            }
        }
        if !failed && !blocked && written == total && fileFD < 0 && keepAlive && decoder.bufferedByteCount == 0 {
            // Fast path: all written, nothing pipelined; back to idle and re-armed without waking the loop.
            deleteSpool()
            current = nil
            decoder.buffer.clear()
            phase = .idle
            deadline = now + core.configuration.idleTimeout
            inWorker = false
            _ = chttp_epoll_ctl(loop.epfd, 1, fd, CHTTP_EV_IN | CHTTP_EV_ONESHOT, UInt64(fd))
            lock.unlock()
            ctx.scratch = bytes
            return
        }
        // Slow path: stash what is left and let the loop finish.
        if written < bytes.count {
            out = Array(bytes[written...])
            if let big = bigBody { out.append(contentsOf: big) }
            outOffset = 0
        } else if let big = bigBody, written < total {
            out = Array(big[(written - bytes.count)...])
            outOffset = 0
        }
        if fileFD >= 0 && sendBody {
            outFile = fileFD
            outFileOffset = 0
            outFileRemaining = bodyCount
        }
        writeFailed = failed
        closeAfterWrite = !keepAlive
        phase = .writing
        lock.unlock()
        if written >= bytes.count { ctx.scratch = bytes }
        loop.handBack(self)
    }
}
