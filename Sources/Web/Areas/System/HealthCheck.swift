import Core
import Foundation
import Synchronization

/// `/healthz` asks the database at most once a second: a load balancer polling it, or a benchmark,
/// should not cost a database round trip per request.
final class HealthCheck: Sendable {
    private let database: AppDatabase
    private let state = Mutex<(checkedAt: Date, healthy: Bool)>((.distantPast, false))
    static let maximumAge: TimeInterval = 1

    init(database: AppDatabase) { self.database = database }

    func isHealthy() -> Bool {
        let now = Date()
        let cached = state.withLock { $0 }
        if now.timeIntervalSince(cached.checkedAt) < Self.maximumAge { return cached.healthy }
        let healthy = database.isHealthy()
        state.withLock { $0 = (now, healthy) }
        return healthy
    }
}
