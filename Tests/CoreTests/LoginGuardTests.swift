import Foundation
import Testing
@testable import Core

/// The per-address budget of login attempts, the bound on password checks and client addresses (issue 13, item 2).
@Suite struct LoginGuardTests {
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_700_000_000)
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    @Test func budgetGivesABurstThenOneAttemptPerRefill() {
        let clock = ManualClock()
        let budget = AttemptBudget(burst: 10, perMinute: 10, now: { clock.now })
        for i in 0..<10 { #expect(budget.take("10.0.0.1") == nil, "attempt \(i + 1) of the burst") }
        #expect(budget.take("10.0.0.1") == 6, "one attempt every six seconds")
        #expect(budget.take("10.0.0.2") == nil, "another address has its own budget")
        clock.advance(3)
        #expect(budget.take("10.0.0.1") == 3)
        clock.advance(3)
        #expect(budget.take("10.0.0.1") == nil)
        #expect(budget.take("10.0.0.1") != nil)
    }

    @Test func successIsRefundedAndZeroBurstTurnsTheBudgetOff() {
        let budget = AttemptBudget(burst: 2, perMinute: 1)
        for _ in 0..<20 {
            #expect(budget.take("a") == nil)
            budget.refund("a")
        }
        let off = AttemptBudget(burst: 0, perMinute: 1)
        for _ in 0..<100 { #expect(off.take("a") == nil) }
    }

    @Test func trackedAddressesStayBounded() {
        let clock = ManualClock()
        let budget = AttemptBudget(burst: 3, perMinute: 1, capacity: 100, now: { clock.now })
        for i in 0..<10_000 { _ = budget.take("10.0.\(i / 256).\(i % 256)") }
        #expect(budget.trackedCount <= 100)
        // The most recent address is still held to its budget.
        _ = budget.take("10.0.39.15"); _ = budget.take("10.0.39.15")
        #expect(budget.take("10.0.39.15") != nil)
    }

    @Test func gateRefusesWhenItsSlotsAndQueueAreTaken() throws {
        let gate = PasswordGate(limit: 1, queue: 0, wait: 0)
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread {
            _ = gate.check { started.signal(); release.wait() }
            done.signal()
        }.start()
        started.wait()
        #expect(gate.check { true } == nil, "the only slot is taken: busy at once")
        #expect(gate.imitate(calibrate: {}) == false, "an unknown login is refused the same way")
        release.signal()
        done.wait()
        #expect(gate.check { true } == true)
    }

    @Test func aQueuedCheckGetsTheSlotWhenItFrees() throws {
        let gate = PasswordGate(limit: 1, queue: 1, wait: 60)
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread {
            _ = gate.check { started.signal(); release.wait() }
            done.signal()
        }.start()
        started.wait()
        let queued = DispatchSemaphore(value: 0)
        let result = LockedBox<Bool?>(nil)
        Thread {
            result.set(gate.check { true })
            queued.signal()
        }.start()
        // Whether or not the second check is waiting yet, it must get the slot once it frees.
        release.signal()
        queued.wait()
        done.wait()
        #expect(result.get() == true)
    }

    @Test func unknownLoginsImitateARecentCheckWithoutHashing() {
        let gate = PasswordGate(limit: 1, queue: 0, wait: 0)
        var calibrations = 0
        #expect(gate.imitate { calibrations += 1 })
        #expect(calibrations == 1, "with nothing timed yet, one real hash calibrates")
        _ = gate.check { true }
        for _ in 0..<5 { #expect(gate.imitate { calibrations += 1 }) }
        #expect(calibrations == 1, "afterwards no hash: a recent check's duration is slept")
    }

    @Test func clientAddresses() {
        #expect(ClientAddress.budgetKey("192.0.2.7") == "192.0.2.7")
        #expect(ClientAddress.budgetKey("2001:db8:1:2:aaaa::1") == ClientAddress.budgetKey("2001:db8:1:2:bbbb::2"), "one /64")
        #expect(ClientAddress.budgetKey("2001:db8:1:2::1") != ClientAddress.budgetKey("2001:db8:1:3::1"))
        #expect(ClientAddress.budgetKey("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(ClientAddress.of(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"], trustProxy: false) == "127.0.0.1")
        #expect(ClientAddress.of(peer: "127.0.0.1", forwardedFor: ["10.0.0.1, 198.51.100.1"], trustProxy: true) == "198.51.100.1",
                "the last hop, the one the proxy saw")
        #expect(ClientAddress.of(peer: "127.0.0.1", forwardedFor: ["1.1.1.1", "203.0.113.9"], trustProxy: true) == "203.0.113.9")
        #expect(ClientAddress.of(peer: "127.0.0.1", forwardedFor: ["<script>"], trustProxy: true) == "127.0.0.1")
        #expect(ClientAddress.of(peer: "127.0.0.1", forwardedFor: [], trustProxy: true) == "127.0.0.1")
    }
}

final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ new: Value) { lock.withLock { value = new } }
}
