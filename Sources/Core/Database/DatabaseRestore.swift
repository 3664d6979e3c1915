import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Puts a backup (from `opora backup`) in place of the live database file, safely:
/// the target must not be open in any process; the backup is checked (integrity, foreign keys,
/// migrations this binary knows) and copied beside the target, migrated to this binary's schema
/// and checked again; the old file is kept aside, and the new one takes its name in one rename.
public enum DatabaseRestore {
    public struct Outcome: Sendable {
        /// Where the previous database was kept (nil when there was none).
        public var previous: String?
        /// Migrations applied to the copy because the backup predates them.
        public var migrated: [String]
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case inUse(pid: Int32)
        case missingBackup(String)
        case damaged(String)
        case newerSchema([String])

        public var description: String {
            switch self {
            case .inUse(let pid):
                "База открыта другим процессом (pid \(pid)): остановите сервер и повторите восстановление."
            case .missingBackup(let path): "Нет файла копии \(path)."
            case .damaged(let detail): "Копия повреждена: \(detail)."
            case .newerSchema(let ids): "Копия сделана более новой версией Опоры (незнакомые миграции: \(ids.joined(separator: ", ")))."
            }
        }
    }

    /// The pid of a process that has `path` open through SQLite in WAL mode, if any. Every such
    /// connection holds a shared lock on the "dead man switch" byte (offset 128) of `path-shm`.
    public static func processHolding(_ path: String) -> Int32? {
        let fd = open(path + "-shm", O_RDWR)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 128
        lock.l_len = 1
        guard fcntl(fd, F_GETLK, &lock) == 0 else { return nil }
        return lock.l_type == Int16(F_UNLCK) ? nil : lock.l_pid
    }

    /// Checks a database file opened read-only: integrity, foreign keys, and that every migration it
    /// records is one this binary knows. Returns the known migrations it lacks.
    public static func verify(_ path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure.missingBackup(path) }
        var config = Configuration()
        config.readonly = true
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(path: path, configuration: config) } catch { throw Failure.damaged("\(error)") }
        return try queue.read { db in
            let integrity: [String]
            do { integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check") } catch { throw Failure.damaged("\(error)") }
            guard integrity == ["ok"] else { throw Failure.damaged(integrity.prefix(3).joined(separator: "; ")) }
            let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            guard foreignKeys.isEmpty else { throw Failure.damaged("\(foreignKeys.count) нарушений внешних ключей") }
            guard try db.tableExists("grdb_migrations") else { throw Failure.damaged("это не база Опоры: нет журнала миграций") }
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            let known = EmbeddedMigrations.all.map(\.identifier)
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw Failure.newerSchema(unknown) }
            return known.filter { !applied.contains($0) }
        }
    }

    public static func restore(from backup: String, to target: String, now: Date = Date()) throws -> Outcome {
        if let pid = processHolding(target) { throw Failure.inUse(pid: pid) }
        _ = try verify(backup)
        let fm = FileManager.default
        let staging = target + ".restoring"
        for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: staging + suffix) }
        // A clean copy beside the target (same file system, so the final rename is atomic).
        do {
            var config = Configuration()
            config.readonly = true
            let source = try DatabaseQueue(path: backup, configuration: config)
            let copy = try DatabaseQueue(path: staging)
            try source.backup(to: copy)
            try copy.close()
            try source.close()
        }
        // Bring it to this binary's schema, check it again, and fold its WAL back into the file.
        let migrated: [String]
        do {
            let database = try AppDatabase(path: staging)
            migrated = try database.migrate()
            let integrity = try database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
            guard integrity == ["ok"] else { throw Failure.damaged(integrity.joined(separator: "; ")) }
            try database.writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try database.writer.close()
        }
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: staging + suffix) }

        // Keep the old database aside (with its WAL, which may hold committed pages), then rename.
        var previous: String? = nil
        if fm.fileExists(atPath: target) {
            let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "-")
            let aside = "\(target).before-restore-\(stamp)"
            guard link(target, aside) == 0 else { throw Failure.damaged("не удалось сохранить прежнюю базу как \(aside): \(String(cString: strerror(errno)))") }
            if fm.fileExists(atPath: target + "-wal") { try fm.moveItem(atPath: target + "-wal", toPath: aside + "-wal") }
            try? fm.removeItem(atPath: target + "-shm")
            previous = aside
        }
        guard rename(staging, target) == 0 else { throw Failure.damaged("rename: \(String(cString: strerror(errno)))") }
        let directory = (target as NSString).deletingLastPathComponent
        let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
        return Outcome(previous: previous, migrated: migrated)
    }
}
