import CSQLiteTuning
import Foundation
import GRDB
import Synchronization

/// The application's database: a WAL pool over one SQLite file, migrated from `Migrations/`.
/// Its connections are internal to Core: Web and the command line reach data only through the services.
public final class AppDatabase: Sendable {
    let writer: DatabasePool
    /// The SQLite file.
    public var path: String { writer.path }
    /// The clock of the domain; tests move it to check expiry.
    public let clock: Clock

    public init(path: String, clock: Clock = Clock()) throws {
        _ = Self.sqliteTuned
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.maximumReaderCount = 8
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            db.add(function: AppDatabase.lowerRussian)
        }
        writer = try DatabasePool(path: path, configuration: config)
        writer.add(transactionObserver: changes, extent: .databaseLifetime)
        self.clock = clock
    }

    /// Before the process's first connection (later calls are refused by SQLite and change nothing).
    private static let sqliteTuned: Int32 = opora_sqlite_disable_memory_statistics()

    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in EmbeddedMigrations.all {
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: ConditionalSQL.hasBlocks(migration.sql) ? ConditionalSQL.resolve(migration.sql, features: ConditionalSQL.features(db)) : migration.sql)
            }
        }
        return migrator
    }

    /// Applies the migrations not yet applied; returns their identifiers.
    @discardableResult
    public func migrate() throws -> [String] {
        let migrator = Self.migrator
        let applied = try writer.read { try migrator.appliedIdentifiers($0) }
        try migrator.migrate(writer)
        return EmbeddedMigrations.all.map(\.identifier).filter { !applied.contains($0) }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// One transaction per change: all of `body` or nothing.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        defer { changeGeneration.add(1, ordering: .releasing) }
        return try writer.write(body)
    }

    /// Counts writes through `write`: a cache keyed by it never serves data older than the last change.
    public var generation: UInt64 { changeGeneration.load(ordering: .acquiring) }
    private let changeGeneration = Atomic<UInt64>(0)
    /// Versions of cached computations, bumped only by commits that write into what they read.
    public let changes = ChangeTracker()
    let schoolLists = ComputedCache<SchoolListKey, SchoolList>("schoolLists")
    let dashboards = ComputedCache<Dashboards.CacheKey, Dashboards.Computed>("dashboards")
    let identifications = ComputedCache<IdentificationKey, IdentificationReport>("identifications")
    let municipalityLists = ComputedCache<MunicipalityListKey, MunicipalityList>("municipalityLists")
    let sessionLookups = ComputedCache<String, SessionLookup?>("sessions", capacity: 4096, keeps: { $0 != nil })

    public var now: Date { clock.now() }

    /// Another process's commits (`opora import-results` while the server runs) reach no transaction observer here;
    /// SQLite's `data_version`, asked on the writer connection, changes exactly when another connection committed.
    /// When it has, every cache is dropped. Returns whether it had.
    @discardableResult
    public func noticeExternalChanges() throws -> Bool {
        let version = try writer.writeWithoutTransaction { try Int64.fetchOne($0, sql: "PRAGMA data_version") ?? 0 }
        let changed = lastDataVersion.withLock { last -> Bool in
            defer { last = version }
            return last != nil && last != version
        }
        if changed {
            changes.invalidateAll()
            changeGeneration.add(1, ordering: .releasing)
        }
        return changed
    }
    private let lastDataVersion = Mutex<Int64?>(nil)

    /// `lower_ru(text)`: Unicode lower case, for searches SQLite's ASCII-only LIKE cannot fold.
    static let lowerRussian = DatabaseFunction("lower_ru", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0])?.lowercased()
    }

    /// A consistent copy of the live database through SQLite's backup API.
    public func backup(to path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            throw DomainError.conflict("Файл \(path) уже существует")
        }
        let destination = try DatabaseQueue(path: path)
        try writer.backup(to: destination)
        // One self-contained file: no -wal/-shm beside the copy, and it opens read-only as it is.
        try destination.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        try destination.close()
    }

    /// True when the database answers a trivial query.
    public func isHealthy() -> Bool {
        (try? writer.read { try Int.fetchOne($0, sql: "SELECT 1") }) == 1
    }
}

/// A clock that tests can move forward.
public final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0
    public init() {}
    public func now() -> Date { lock.withLock { Date().addingTimeInterval(offset) } }
    public func advance(by seconds: TimeInterval) { lock.withLock { offset += seconds } }
}
