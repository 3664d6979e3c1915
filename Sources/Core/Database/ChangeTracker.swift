import GRDB
import Synchronization

/// Tells each cached computation whether a committed change can have made it stale.
///
/// A computation has a name and a version. The first time it runs, the tracker records the database region its
/// statements read (tables and columns, from the statements themselves); a commit that writes into that region
/// bumps the version. Until its region is known, any commit bumps it. So a cache keyed by the version serves a
/// value until the tables and columns it was computed from change — a director's saved draft or a curator's
/// comment no longer throws away the region's school list.
///
/// Changes are learnt from the kinds of change SQLite's authorizer announces for each write statement (tables, and
/// the columns an UPDATE sets; this covers WITHOUT ROWID tables, which the row-level hook never reports), and from
/// row-level events the announcement does not cover (foreign-key actions), which count as changing the whole
/// table. Commits of another process (the command line) are not seen here: `AppDatabase.noticeExternalChanges`
/// finds them and calls `invalidateAll`.
public final class ChangeTracker: TransactionObserver, Sendable {
    private struct Watch {
        /// nil until the computation has run once: any change counts.
        var region: DatabaseRegion?
        var version: UInt64 = 0
    }
    private struct Pending {
        /// What the authorizer announced for the transaction's write statements (tables and updated columns).
        var kinds: [DatabaseEventKind] = []
        /// What it announced for the statement now running; a row event it does not cover is a side effect.
        var statementKinds: [DatabaseEventKind] = []
        var statementHadRowEvents = false
        /// Tables changed as a side effect (a foreign-key action): every column counts as changed.
        var tables: Set<String> = []
        var isEmpty: Bool { kinds.isEmpty && tables.isEmpty }

        mutating func announce(_ kind: DatabaseEventKind) {
            // GRDB asks before each statement runs; the first question after row events starts a new statement.
            if statementHadRowEvents { statementKinds.removeAll(keepingCapacity: true); statementHadRowEvents = false }
            kinds.append(kind)
            statementKinds.append(kind)
        }

        mutating func rowChanged(_ event: DatabaseEvent) {
            statementHadRowEvents = true
            let table = event.tableName
            let covered = statementKinds.contains { kind in
                switch (kind, event.kind) {
                case (.insert(let t), .insert), (.update(let t, _), .update), (.delete(let t), .delete): t == table
                default: false
                }
            }
            if !covered { tables.insert(table) }
        }
    }

    private let watches = Mutex<[String: Watch]>([:])
    /// Touched only on the writer's queue, where GRDB calls the observer methods.
    private let pending = Mutex(Pending())

    init() {}

    /// The version of `name`: read it before the read transaction that computes or looks up the value. The first
    /// call starts watching `name`, with every commit counting until its region is known.
    public func version(_ name: String) -> UInt64 {
        watches.withLock { watches in
            if let watch = watches[name] { return watch.version }
            watches[name] = Watch()
            return 0
        }
    }

    /// Runs `compute` (a read), recording the region it reads as `name`'s. `cacheable` is false when the region
    /// grew: a change to the new part during the computation would not have bumped the version read before it.
    func recording<T>(_ name: String, _ db: Database, _ compute: () throws -> T) throws -> (value: T, cacheable: Bool) {
        let recorder = Recorder()
        // Back to the enclosing computation's recording, if any, however this one ends.
        defer { if let outer = Recorder.current { outer.trace(db) } else { db.trace(options: .statement, nil) } }
        let value = try Recorder.$current.withValue(recorder) {
            recorder.trace(db)
            return try compute()
        }
        var region = recorder.region
        // Compiled again for their regions, outside the statement cache (a miss is rare; some texts embed ids).
        for sql in recorder.sql where !Self.isTransactionControl(sql) {
            // A statement that cannot be compiled again here is assumed to read everything.
            region.formUnion((try? db.makeStatement(sql: sql).databaseRegion) ?? .fullDatabase)
        }
        Recorder.current?.region.formUnion(region)
        let cacheable = watches.withLock { watches -> Bool in
            var watch = watches[name] ?? Watch()
            defer { watches[name] = watch }
            guard let known = watch.region else {
                watch.region = region
                return true
            }
            let union = known.union(region)
            if union == known { return true }
            watch.region = union
            return false
        }
        return (value, cacheable)
    }

    /// Every computation is stale: a commit this observer could not see (another process's) happened.
    public func invalidateAll() {
        watches.withLock { watches in
            for name in watches.keys { watches[name]!.version &+= 1 }
        }
    }

    /// A cache hit inside another computation's recording: the outer value depends on this region too.
    public func noteHit(_ name: String) {
        guard let outer = Recorder.current else { return }
        if let region = watches.withLock({ $0[name]?.region }) {
            outer.region.formUnion(region)
        } else {
            outer.region = .fullDatabase
        }
    }

    /// GRDB's own BEGIN/COMMIT/SAVEPOINT around the computation: they read nothing.
    private static func isTransactionControl(_ sql: String) -> Bool {
        let head = sql.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" }).prefix(9).uppercased()
        return ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END"].contains { head.hasPrefix($0) }
    }

    // MARK: TransactionObserver

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        pending.withLock { $0.announce(eventKind) }
        return true
    }

    public func databaseDidChange(with event: DatabaseEvent) {
        pending.withLock { $0.rowChanged(event) }
    }

    public func databaseDidChange() {
        // A change GRDB could not describe (Database.notifyChanges): treat it as touching everything.
        pending.withLock { $0.tables.insert("*") }
    }

    public func databaseDidCommit(_ db: Database) {
        let changes = pending.withLock { pending -> Pending in
            defer { pending = Pending() }
            return pending
        }
        guard !changes.isEmpty else { return }
        watches.withLock { watches in
            for (name, watch) in watches where Self.modifies(changes, watch.region) {
                watches[name]!.version &+= 1
            }
        }
    }

    public func databaseDidRollback(_ db: Database) {
        pending.withLock { $0 = Pending() }
    }

    private static func modifies(_ changes: Pending, _ region: DatabaseRegion?) -> Bool {
        guard let region else { return true }
        if changes.tables.contains("*") { return true }
        // A deletion "modifies" a region that reads any column of its table.
        return changes.tables.contains { region.isModified(byEventsOfKind: .delete(tableName: $0)) }
            || changes.kinds.contains { region.isModified(byEventsOfKind: $0) }
    }
}

/// The region read so far by the computation being recorded on this thread (nested caches add theirs).
private final class Recorder: @unchecked Sendable {
    @TaskLocal static var current: Recorder?
    var sql: [String] = []
    var region = DatabaseRegion()

    func trace(_ db: Database) {
        db.trace(options: .statement) { [self] event in
            if case let .statement(statement) = event { sql.append(statement.sql) }
        }
    }
}
