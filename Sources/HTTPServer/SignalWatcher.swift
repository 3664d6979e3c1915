#if canImport(Glibc)
import Glibc
#endif

/// The write end of the self-pipe; the signal handler does nothing but write one byte to it.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// Turns SIGTERM and SIGINT into a drain of every server inside `runUntilTerminated()`.
/// The handler only writes a byte to a pipe; a watcher thread reads it and does the work.
enum SignalWatcher {
    private static let lock = Lock()
    nonisolated(unsafe) private static var servers: [ObjectIdentifier: HTTPServer] = [:]
    nonisolated(unsafe) private static var readFD: Int32 = -1
    nonisolated(unsafe) private static var installed = false

    static func register(_ server: HTTPServer) {
        lock.withLock {
            servers[ObjectIdentifier(server)] = server
            if readFD < 0 {
                var fds: [Int32] = [0, 0]
                _ = pipe(&fds)
                _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
                _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
                readFD = fds[0]
                signalPipeWrite = fds[1]
                let fd = readFD
                startThread { watch(fd) }
            }
            if !installed {
                installed = true
                let handler: @convention(c) (Int32) -> Void = { sig in
                    var b = UInt8(truncatingIfNeeded: sig)
                    _ = write(signalPipeWrite, &b, 1) // async-signal-safe
                }
                signal(SIGTERM, handler)
                signal(SIGINT, handler)
            }
        }
    }

    static func unregister(_ server: HTTPServer) {
        lock.withLock {
            _ = servers.removeValue(forKey: ObjectIdentifier(server))
            if servers.isEmpty && installed {
                // Nobody is left to drain: signals get their default actions back.
                signal(SIGTERM, SIG_DFL)
                signal(SIGINT, SIG_DFL)
                installed = false
            }
        }
    }

    private static func watch(_ fd: Int32) {
        var b: UInt8 = 0
        while true {
            let n = read(fd, &b, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            let targets = lock.withLock { () -> [HTTPServer] in
                // Default actions again: a second SIGTERM or SIGINT during the drain ends the process at once.
                signal(SIGTERM, SIG_DFL)
                signal(SIGINT, SIG_DFL)
                installed = false
                return Array(servers.values)
            }
            for server in targets { server.beginStop() }
        }
    }
}
