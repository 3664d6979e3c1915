#if canImport(Glibc)
import Glibc
#endif

/// The write end of the self-pipe; the signal handler does nothing but write one byte to it.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1
nonisolated(unsafe) private var signalPipeRead: Int32 = -1

enum SignalWatcher {
    private static let lock = Lock()

    /// Routes SIGTERM and SIGINT to a pipe and returns its read end.
    static func install() -> Int32 {
        lock.withLock {
            if signalPipeRead < 0 {
                var fds: [Int32] = [0, 0]
                _ = pipe(&fds)
                _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
                _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
                _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
                signalPipeRead = fds[0]
                signalPipeWrite = fds[1]
            }
            // Forget signals from an earlier run.
            var junk = [UInt8](repeating: 0, count: 64)
            while read(signalPipeRead, &junk, 64) > 0 {}
            let handler: @convention(c) (Int32) -> Void = { sig in
                var b = UInt8(truncatingIfNeeded: sig)
                _ = write(signalPipeWrite, &b, 1) // async-signal-safe
            }
            signal(SIGTERM, handler)
            signal(SIGINT, handler)
            return signalPipeRead
        }
    }

    /// Restores the default actions, so a second SIGTERM or SIGINT during shutdown ends the process at once.
    static func uninstall() {
        lock.withLock {
            signal(SIGTERM, SIG_DFL)
            signal(SIGINT, SIG_DFL)
        }
    }
}
