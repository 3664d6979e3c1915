import Synchronization

/// State shared by the loops and workers of one server.
final class ServerCore: @unchecked Sendable {
    let configuration: HTTPServerConfiguration
    let handler: any HTTPHandler
    let limits: ParserLimits
    var pool: WorkerPool! = nil
    /// Test hook: called before each accept; a non-zero result is treated as that errno.
    var acceptFault: (@Sendable () -> Int32)? = nil
    private let draining = Atomic<Bool>(false)
    private let open = Atomic<Int>(0)

    init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
        self.limits = ParserLimits(configuration)
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }
    func beginDrain() { draining.store(true, ordering: .relaxed) }

    /// False when the connection cap is reached.
    func reserveConnection() -> Bool {
        let n = open.wrappingAdd(1, ordering: .relaxed).newValue
        if n > configuration.maxConnections {
            open.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }
    func releaseConnection() { open.wrappingSubtract(1, ordering: .relaxed) }
    var openConnections: Int { open.load(ordering: .relaxed) }

    func run(_ job: Job, _ ctx: inout WorkerContext) {
        let response = handler.handle(job.request)
        job.connection.complete(job, response: response, ctx: &ctx)
    }

    @inline(__always) func log(method: String, path: String, status: Int, bytes: Int, ms: Double, remote: String) {
        guard let sink = configuration.accessLog else { return }
        sink(AccessLogEntry(method: method, path: path, status: status, bytes: bytes, milliseconds: ms, remoteAddress: remote))
    }
}
