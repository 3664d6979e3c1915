import GRDB
import Synchronization

/// Values computed from the database, served from memory until a commit writes into the tables and columns they
/// were computed from (see `ChangeTracker`). The key carries everything else a value depends on: the scope, the
/// filter, the running year.
public final class ComputedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let name: String
    private let capacity: Int
    /// Values not worth keeping (a lookup that found nothing, which anyone can ask for with made-up keys).
    private let keeps: @Sendable (Value) -> Bool
    private let state = Mutex<(version: UInt64, values: [Key: Value])>((0, [:]))

    public init(_ name: String, capacity: Int = 64, keeps: @escaping @Sendable (Value) -> Bool = { _ in true }) {
        self.name = name
        self.capacity = capacity
        self.keeps = keeps
    }

    /// The value for `key`, computed by `compute` in a read transaction of its own when absent or stale.
    func value(_ key: Key, in database: AppDatabase, compute: (Database) throws -> Value) throws -> Value {
        let version = database.changes.version(name)
        if let hit = lookup(key, version, database) { return hit }
        return try database.read { db in try fill(key, version, database, db) { try compute(db) } }
    }

    /// The same inside a read transaction already open; `version` (`database.changes.version(cache.name)`) must have
    /// been read before that transaction began, so that a value is never older than its version.
    func value(_ key: Key, version: UInt64, in database: AppDatabase, _ db: Database, compute: () throws -> Value) throws -> Value {
        if let hit = lookup(key, version, database) { return hit }
        return try fill(key, version, database, db, compute)
    }

    private func lookup(_ key: Key, _ version: UInt64, _ database: AppDatabase) -> Value? {
        guard let hit = state.withLock({ $0.version == version ? $0.values[key] : nil }) else { return nil }
        database.changes.noteHit(name)
        return hit
    }

    private func fill(_ key: Key, _ version: UInt64, _ database: AppDatabase, _ db: Database, _ compute: () throws -> Value) throws -> Value {
        let (value, cacheable) = try database.changes.recording(name, db, compute)
        guard cacheable, keeps(value) else { return value }
        state.withLock { state in
            if state.version != version {
                // A value of an older version than the cache holds is never stored; a newer one starts the cache over.
                guard version > state.version else { return }
                state = (version, [:])
            }
            if state.values.count >= capacity { state.values.removeAll(keepingCapacity: true) }
            state.values[key] = value
        }
        return value
    }
}
