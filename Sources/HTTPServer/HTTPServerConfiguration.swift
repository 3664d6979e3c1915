public struct HTTPServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks an ephemeral port; read it back from `HTTPServer.port`.
    public var port: Int = 8080
    public var maxRequestLineBytes: Int = 8 * 1024
    public var maxHeaderBytes: Int = 32 * 1024
    public var maxHeaderCount: Int = 100
    /// Seconds allowed to receive a complete request head.
    public var headerTimeout: Double = 10
    /// Seconds allowed to receive a complete body.
    public var bodyTimeout: Double = 30
    /// Seconds a keep-alive connection may stay idle between requests.
    public var idleTimeout: Double = 15
    /// Open connections beyond this get a 503 and are closed.
    public var maxConnections: Int = 10_000
    /// Bodies larger than this are spooled to a temporary file instead of memory.
    public var spoolThreshold: Int = 1 << 20
    /// Threads running handlers; 0 means twice the number of cores.
    public var workerThreads: Int = 0
    /// Event-loop (epoll) threads; 0 means one per core.
    public var eventLoopThreads: Int = 0
    /// Seconds SIGTERM/stop waits for in-flight requests.
    public var drainTimeout: Double = 10
    public var accessLog: (@Sendable (AccessLogEntry) -> Void)? = nil

    public init() {}
}
