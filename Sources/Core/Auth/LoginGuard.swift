import Foundation

/// The limits on password guessing; `opora serve` sets them from its flags (README, «Безопасность»).
public struct LoginLimits: Sendable {
    /// Attempts an address may make at once (0: no per-address budget)…
    public var burst = 10
    /// … and how many more it gets a minute: one every six seconds.
    public var perMinute = 10.0
    /// Addresses tracked in memory at most.
    public var trackedAddresses = 10_000
    /// Password checks running at once, and how many more may wait `checkWait` seconds for a slot.
    public var concurrentChecks = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    public var waitingChecks = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    public var checkWait: TimeInterval = 2
    public init() {}
}

/// The per-address budget and the bound on password checks, shared by the login form and the password change form.
public struct LoginGuard: Sendable {
    public let limits: LoginLimits
    public let budget: AttemptBudget
    public let gate: PasswordGate

    public init(_ limits: LoginLimits = LoginLimits(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.limits = limits
        budget = AttemptBudget(burst: limits.burst, perMinute: limits.perMinute, capacity: limits.trackedAddresses, now: now)
        gate = PasswordGate(limit: limits.concurrentChecks, queue: limits.waitingChecks, wait: limits.checkWait)
    }

    /// What a refused busy attempt tells the client to wait.
    public static let busyRetryAfter = 5
}
