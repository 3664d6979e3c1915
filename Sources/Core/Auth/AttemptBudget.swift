import Foundation

/// A token bucket per client address: `burst` attempts at once, then `perMinute` more a minute. Kept in memory and
/// taken before any hashing or database write, so a flood from one address costs a dictionary look-up per request.
/// At most `capacity` addresses are tracked; beyond that, buckets that are full again (as good as new) go first,
/// then the least recently used.
public final class AttemptBudget: @unchecked Sendable {
    public let burst: Int
    public let perMinute: Double
    public let capacity: Int
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]

    struct Bucket {
        var tokens: Double
        var updated: Date
    }

    /// `burst` 0 turns the budget off.
    public init(burst: Int, perMinute: Double, capacity: Int = 10_000, now: @escaping @Sendable () -> Date = { Date() }) {
        self.burst = max(0, burst); self.perMinute = max(0.001, perMinute); self.capacity = max(1, capacity); self.now = now
    }

    /// Takes one attempt for `key`: nil when granted, else the whole seconds until the next one is.
    public func take(_ key: String) -> Int? {
        guard burst > 0 else { return nil }
        return lock.withLock {
            let at = now()
            var bucket = refilled(buckets[key], at: at)
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return max(1, Int(((1 - bucket.tokens) * 60 / perMinute).rounded(.up)))
            }
            bucket.tokens -= 1
            if buckets[key] == nil && buckets.count >= capacity { evict(at: at) }
            buckets[key] = bucket
            return nil
        }
    }

    /// Gives back an attempt that turned out to be a success (the right password), so signing in costs nothing.
    public func refund(_ key: String) {
        guard burst > 0 else { return }
        lock.withLock {
            guard var bucket = buckets[key] else { return }
            bucket.tokens = min(Double(burst), bucket.tokens + 1)
            buckets[key] = bucket
        }
    }

    /// How many addresses are tracked now (for tests and the report).
    public var trackedCount: Int { lock.withLock { buckets.count } }

    private func refilled(_ bucket: Bucket?, at: Date) -> Bucket {
        guard let bucket else { return Bucket(tokens: Double(burst), updated: at) }
        let elapsed = max(0, at.timeIntervalSince(bucket.updated))
        return Bucket(tokens: min(Double(burst), bucket.tokens + elapsed * perMinute / 60), updated: at)
    }

    private func evict(at: Date) {
        buckets = buckets.filter { refilled($0.value, at: at).tokens < Double(burst) }
        guard buckets.count >= capacity else { return }
        // Still full of draining addresses: drop the oldest tenth at once, so the sweep stays rare.
        let oldest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(max(1, capacity / 10))
        for (key, _) in oldest { buckets[key] = nil }
    }
}
