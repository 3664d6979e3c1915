#if canImport(Glibc)
import Glibc
#endif

public enum HTTPServerError: Error, Sendable {
    case bind(String)
}

/// An HTTP/1.1 server: epoll event loops for all socket I/O, a bounded pool of workers for handlers.
///
/// - Event loops (`eventLoopThreads`, default one per core): the first accepts and deals connections round-robin;
///   each reads and parses requests without blocking, enforces limits and timeouts, and answers errors itself.
/// - A complete request (head and body) goes to the worker pool (`workerThreads`, default 2 × cores), so a slow
///   or idle client never holds a worker. The worker runs `handler.handle`, serialises the response and writes it
///   straight to the socket; only if the socket does not take it all (or the connection must close, or pipelined
///   bytes wait) does it hand the connection back to its loop, which finishes on EPOLLOUT.
/// - Connections are EPOLLONESHOT, so exactly one thread works on a connection at any time.
public final class HTTPServer: @unchecked Sendable {
    public let configuration: HTTPServerConfiguration
    public let handler: any HTTPHandler

    private let state = Condition()
    private var started = false
    private var stopped = false
    private var runningLoops = 0
    private var boundPort = 0
    private var core: ServerCore? = nil
    private var loops: [EventLoop] = []
    private var listenFD: Int32 = -1
    /// Test hook: called before each accept; a non-zero result is treated as that errno.
    var acceptFault: (@Sendable () -> Int32)? = nil

    public init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds, listens and starts the event loop and workers; returns at once.
    public func start() throws {
        state.lock.lock()
        defer { state.lock.unlock() }
        precondition(!started, "HTTPServer.start() called twice")
        Socket.raiseFileLimit()
        signal(SIGPIPE, SIG_IGN)

        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let loopCount = configuration.eventLoopThreads > 0 ? configuration.eventLoopThreads : cores
        let workerCount = configuration.workerThreads > 0 ? configuration.workerThreads : 2 * cores

        let (listener, port) = try Socket.listen(host: configuration.host, port: configuration.port, reusePort: false)
        boundPort = port
        listenFD = listener
        let core = ServerCore(configuration: configuration, handler: handler)
        core.acceptFault = acceptFault
        core.pool = WorkerPool(threads: workerCount) { job, ctx in core.run(job, &ctx) }
        self.core = core
        do {
            loops = try (0..<max(1, loopCount)).map { try EventLoop(core: core, listenFD: listener, accepts: $0 == 0) }
            loops[0].peers = loops // the acceptor; cleared when it exits
        } catch {
            close(listener)
            throw error
        }
        started = true
        runningLoops = loops.count
        for loop in loops {
            startThread { [self] in
                loop.run()
                self.loopExited()
            }
        }
    }

    private func loopExited() {
        state.lock.lock()
        runningLoops -= 1
        let done = runningLoops == 0
        if done {
            stopped = true
            if listenFD >= 0 { close(listenFD); listenFD = -1 }
            core?.pool.shutdown()
        }
        state.lock.unlock()
        if done { state.broadcast() }
    }

    /// The bound port (useful with port 0).
    public var port: Int { state.lock.withLock { started ? boundPort : configuration.port } }

    /// Number of open client connections (for tests and metrics).
    public var openConnections: Int { state.lock.withLock { core?.openConnections ?? 0 } }

    /// Stops accepting, lets in-flight requests finish (up to `drainTimeout`), closes everything.
    /// Callable from any thread; blocks until the server has stopped (do not call it from a handler).
    public func stop() {
        beginStop()
        wait()
    }

    /// Starts the drain without waiting for it.
    func beginStop() {
        let loops = state.lock.withLock { () -> [EventLoop] in
            if stopped { return [] }
            core?.beginDrain()
            return self.loops
        }
        for loop in loops { loop.wake() }
    }

    /// Blocks until the server has stopped (returns at once if it never started).
    public func wait() {
        state.lock.lock()
        while started && !stopped { state.wait() }
        state.lock.unlock()
    }

    /// start(), then blocks until SIGTERM or SIGINT (or `stop()`), drains and returns.
    /// A second SIGTERM/SIGINT while draining ends the process (default action restored after the first).
    public func runUntilTerminated() throws {
        SignalWatcher.register(self)
        defer { SignalWatcher.unregister(self) }
        try start()
        wait()
    }
}
