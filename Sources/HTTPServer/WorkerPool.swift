/// A request ready for the handler, with what the response path needs to know.
struct Job {
    let connection: Connection
    let request: HTTPRequest
    let keepAlive: Bool
    /// A HEAD request, handed to the handler as GET so the headers match; the body is not sent.
    let isHead: Bool
    let started: Double
}

/// Per-worker state reused across requests.
struct WorkerContext {
    var date = DateCache()
    var scratch: [UInt8] = []
    init() { scratch.reserveCapacity(16 * 1024) }
}

/// A fixed set of threads running handlers; the queue is bounded by the number of connections.
final class WorkerPool: @unchecked Sendable {
    private let cond = Condition()
    private var queue: [Job] = []
    private var head = 0
    private var stopping = false
    private var idle = 0

    init(threads: Int, run: @escaping @Sendable (Job, inout WorkerContext) -> Void) {
        queue.reserveCapacity(1024)
        for _ in 0..<max(1, threads) {
            startThread { [self] in
                var ctx = WorkerContext()
                while let job = self.take() { run(job, &ctx) }
            }
        }
    }

    func submit(_ job: Job) {
        cond.lock.lock()
        queue.append(job)
        let wake = idle > 0
        cond.lock.unlock()
        if wake { cond.signal() }
    }

    private func take() -> Job? {
        cond.lock.lock()
        defer { cond.lock.unlock() }
        while head == queue.count {
            if stopping { return nil }
            idle += 1
            cond.wait()
            idle -= 1
        }
        let job = queue[head]
        head += 1
        if head == queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
        else if head >= 256 && head * 2 >= queue.count { queue.removeFirst(head); head = 0 } // never let a busy queue grow
        return job
    }

    /// Lets the threads finish what is queued, then exit.
    func shutdown() {
        cond.lock.withLock { stopping = true }
        cond.broadcast()
    }
}
