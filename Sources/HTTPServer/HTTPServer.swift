// STUB: the public surface of the server. The implementation replaces the bodies.

public enum HTTPServerError: Error, Sendable {
    case bind(String)
}

public final class HTTPServer: @unchecked Sendable {
    public let configuration: HTTPServerConfiguration
    public let handler: any HTTPHandler

    public init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds, listens and starts the event loop and workers; returns at once.
    public func start() throws { fatalError("not implemented") }

    /// The bound port (useful with port 0).
    public var port: Int { configuration.port }

    /// Stops accepting, lets in-flight requests finish (up to `drainTimeout`), closes everything.
    public func stop() {}

    /// Blocks until the server has stopped.
    public func wait() {}

    /// start(), then blocks until SIGTERM or SIGINT, drains and returns.
    public func runUntilTerminated() throws { try start(); wait() }
}

