#if canImport(Glibc)
import Glibc
#endif
import CHTTPShims

/// One epoll thread doing all socket I/O of its connections except the direct write of a response by a worker.
/// The first loop also accepts, and deals new connections round-robin to all loops (one listening socket rather
/// than SO_REUSEPORT, so that a second server on the same port fails to bind instead of silently sharing it).
final class EventLoop: @unchecked Sendable {
    let core: ServerCore
    let epfd: Int32
    private let wakeFD: Int32
    private let listenFD: Int32
    /// Only the first loop accepts.
    private var listening: Bool
    /// All loops of the server, for dealing out accepted connections (set before the threads start).
    var peers: [EventLoop] = []
    private var nextPeer = 0
    private var adoptions: [(Int32, String, Bool)] = []
    private var acceptPausedUntil: Double? = nil

    /// Connections by fd (loop thread only).
    private var connections: [Connection?] = []
    private var connectionCount = 0

    private let inboxLock = Lock()
    private var inbox: [Connection] = []
    /// Set (under inboxLock) when the loop has exited and closed its wake fd.
    private var exited = false

    var date = DateCache()
    /// Scratch space for discarded input.
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    private var draining = false
    private var drainDeadline = 0.0
    private var lastTick = 0.0

    init(core: ServerCore, listenFD: Int32, accepts: Bool) throws {
        self.core = core
        self.listenFD = listenFD
        self.listening = accepts
        epfd = chttp_epoll_create()
        wakeFD = chttp_eventfd()
        guard epfd >= 0, wakeFD >= 0 else { throw HTTPServerError.bind("epoll/eventfd: \(String(cString: strerror(errno)))") }
        if accepts { _ = chttp_epoll_ctl(epfd, 0, listenFD, CHTTP_EV_IN, UInt64(listenFD)) }
        _ = chttp_epoll_ctl(epfd, 0, wakeFD, CHTTP_EV_IN, UInt64(wakeFD))
        connections = [Connection?](repeating: nil, count: 1024)
    }

    deinit { scratch.deallocate() }

    /// Wakes the loop (any thread).
    func wake() {
        inboxLock.lock()
        defer { inboxLock.unlock() }
        if exited { return } // the fd may already belong to someone else
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// A worker gives a connection back (any thread).
    func handBack(_ c: Connection) {
        let first = inboxLock.withLock { () -> Bool in
            inbox.append(c)
            return inbox.count == 1
        }
        if first { wake() }
    }

    func remove(_ c: Connection) {
        let i = Int(c.fd)
        if i < connections.count, connections[i] === c {
            connections[i] = nil
            connectionCount -= 1
            if c.counted { core.releaseConnection() }
        }
    }

    func run() {
        let max = 256
        let datas = UnsafeMutablePointer<UInt64>.allocate(capacity: max)
        let events = UnsafeMutablePointer<UInt32>.allocate(capacity: max)
        defer { datas.deallocate(); events.deallocate() }
        date.refresh()
        while true {
            let n = chttp_epoll_wait(epfd, datas, events, Int32(max), 50)
            if n < 0 && errno != EINTR { break }
            for i in 0..<Int(Swift.max(n, 0)) {
                let fd = Int32(truncatingIfNeeded: datas[i])
                if fd == wakeFD {
                    var v: UInt64 = 0
                    _ = read(wakeFD, &v, 8)
                    drainInbox()
                } else if fd == listenFD {
                    if listening { acceptConnections() }
                } else if Int(fd) < connections.count, let c = connections[Int(fd)] {
                    c.handleEvent(events[i])
                }
            }
            let now = monotonicNow()
            if now - lastTick >= 0.05 { tick(now) }
            if draining && (connectionCount == 0 || now >= drainDeadline) { break }
        }
        // Force-close whatever is left (drain timeout), then release the loop's descriptors.
        for case let c? in connections { c.close() }
        peers = []
        close(epfd)
        inboxLock.withLock {
            exited = true
            close(wakeFD)
        }
    }

    /// Takes over a connection accepted by the first loop (any thread).
    func adopt(fd: Int32, remote: String, counted: Bool) {
        let (first, gone) = inboxLock.withLock { () -> (Bool, Bool) in
            if exited { return (false, true) }
            adoptions.append((fd, remote, counted))
            return (adoptions.count == 1 && inbox.isEmpty, false)
        }
        if gone {
            close(fd)
            if counted { core.releaseConnection() }
        } else if first {
            wake()
        }
    }

    private func drainInbox() {
        let (items, adopted) = inboxLock.withLock { () -> ([Connection], [(Int32, String, Bool)]) in
            let items = inbox, adopted = adoptions
            inbox.removeAll(keepingCapacity: true)
            adoptions.removeAll(keepingCapacity: true)
            return (items, adopted)
        }
        for c in items { c.resumeFromWorker() }
        for (fd, remote, counted) in adopted {
            // Even while draining: the first loop takes in what the kernel had accepted, and a client
            // that has already sent its request gets its answer.
            let c = register(fd: fd, remote: remote, counted: counted)
            if draining && counted && c.isQuiet() { c.close() }
        }
    }

    private func tick(_ now: Double) {
        lastTick = now
        date.refresh()
        if core.isDraining && !draining { beginDrain(now) }
        if let until = acceptPausedUntil, now >= until, listening {
            acceptPausedUntil = nil
            _ = chttp_epoll_ctl(epfd, 0, listenFD, CHTTP_EV_IN, UInt64(listenFD))
        }
        for case let c? in connections {
            let busy = c.lock.withLock { c.inWorker }
            if !busy { c.checkTimeout(now) }
        }
    }

    /// Stops accepting and closes connections with no request in flight.
    private func beginDrain(_ now: Double) {
        draining = true
        drainDeadline = now + core.configuration.drainTimeout
        if listening {
            // Connections the kernel has completed but we have not accepted yet would be reset by the shutdown
            // below although their clients may have sent a request: take them in first.
            for _ in 0..<64 { acceptConnections() }
            listening = false
            _ = chttp_epoll_ctl(epfd, 2, listenFD, 0, 0)
            // Stops the listener (new connections are refused) without freeing the fd other loops still know;
            // the server closes it once every loop has exited.
            shutdown(listenFD, Int32(SHUT_RDWR))
        }
        for case let c? in connections {
            let busy = c.lock.withLock { c.inWorker }
            if !busy && c.isQuiet() { c.close() }
        }
    }

    private func acceptConnections() {
        for _ in 0..<64 {
            var addr = sockaddr_storage()
            var len = UInt32(MemoryLayout<sockaddr_storage>.size)
            var fd: Int32
            if let fault = core.acceptFault?(), fault != 0 { fd = -1; errno = fault }
            else { fd = chttp_accept(listenFD, &addr, &len) }
            if fd < 0 {
                switch errno {
                case EAGAIN, EWOULDBLOCK: return
                case EINTR, ECONNABORTED, EPROTO: continue
                default:
                    // EMFILE, ENFILE, ENOBUFS, ENOMEM and anything else: back off 100 ms and go on.
                    _ = chttp_epoll_ctl(epfd, 2, listenFD, 0, 0)
                    acceptPausedUntil = monotonicNow() + 0.1
                    return
                }
            }
            Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY)
            let counted = core.reserveConnection()
            let remote = Socket.addressString(&addr)
            // Rejects (503) stay here; admitted connections are dealt round-robin.
            // While draining, peers may already have exited: keep what is accepted then.
            let target = counted && peers.count > 1 && !draining ? peers[nextPeer % peers.count] : self
            nextPeer &+= 1
            if target === self { register(fd: fd, remote: remote, counted: counted) }
            else { target.adopt(fd: fd, remote: remote, counted: counted) }
        }
    }

    @discardableResult
    private func register(fd: Int32, remote: String, counted: Bool) -> Connection {
        let c = Connection(fd: fd, loop: self, remoteAddress: remote, counted: counted, now: monotonicNow())
        let i = Int(fd)
        if i >= connections.count {
            connections.append(contentsOf: [Connection?](repeating: nil, count: Swift.max(i + 1, connections.count * 2) - connections.count))
        }
        connections[i] = c
        connectionCount += 1
        if counted {
            _ = chttp_epoll_ctl(epfd, 0, fd, CHTTP_EV_IN | CHTTP_EV_ONESHOT, UInt64(fd))
        } else {
            _ = chttp_epoll_ctl(epfd, 0, fd, CHTTP_EV_ONESHOT, UInt64(fd))
            c.sendError(.serviceUnavailable)
        }
        return c
    }
}
