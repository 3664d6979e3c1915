import Foundation

/// Bounds the password checks that run at once, so logins can never take every handler thread: at most `limit`
/// run, at most `queue` more wait (for `wait` seconds), anything beyond is refused at once as busy.
///
/// It also stands in for the check of an unknown login: rather than a full hash, that attempt holds a slot and
/// sleeps for the duration of one of the recent real checks (drawn at random, so the spread matches too). Known and
/// unknown logins then take the same time, queue the same way and are refused as busy the same way, and an
/// unknown one costs no CPU.
public final class PasswordGate: @unchecked Sendable {
    public let limit: Int
    public let queue: Int
    public let wait: TimeInterval
    private let condition = NSCondition()
    private var running = 0
    private var waiting = 0
    private var durations: [TimeInterval] = []
    private var nextDuration = 0
    static let remembered = 16

    public init(limit: Int, queue: Int, wait: TimeInterval) {
        self.limit = max(1, limit); self.queue = max(0, queue); self.wait = max(0, wait)
    }

    /// Runs a real password check in a slot and remembers how long it took; nil when no slot was free in time.
    public func check<T>(_ work: () -> T) -> T? {
        guard enter() else { return nil }
        defer { leave() }
        let started = Date()
        let result = work()
        remember(Date().timeIntervalSince(started))
        return result
    }

    /// Takes as long as a real check without doing one; `calibrate` (a real hash) runs while no check has been timed yet.
    /// False when no slot was free in time.
    public func imitate(calibrate: () -> Void) -> Bool {
        guard enter() else { return false }
        defer { leave() }
        if let duration = sampleDuration() {
            Thread.sleep(forTimeInterval: duration)
        } else {
            let started = Date()
            calibrate()
            remember(Date().timeIntervalSince(started))
        }
        return true
    }

    private func enter() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if running < limit { running += 1; return true }
        guard waiting < queue else { return false }
        waiting += 1
        defer { waiting -= 1 }
        let deadline = Date().addingTimeInterval(wait)
        while running >= limit {
            if !condition.wait(until: deadline) && running >= limit { return false }
        }
        running += 1
        return true
    }

    private func leave() {
        condition.lock()
        running -= 1
        condition.signal()
        condition.unlock()
    }

    private func remember(_ duration: TimeInterval) {
        condition.lock()
        defer { condition.unlock() }
        if durations.count < Self.remembered { durations.append(duration) } else { durations[nextDuration] = duration }
        nextDuration = (nextDuration + 1) % Self.remembered
    }

    private func sampleDuration() -> TimeInterval? {
        condition.lock()
        defer { condition.unlock() }
        return durations.randomElement()
    }
}
