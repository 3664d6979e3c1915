import Foundation
import GRDB

/// Optional blocks of a migration: lines between `-- @if <feature>` and `-- @end` run only where the system SQLite
/// has that feature (so far `fts5`). A database migrated without it keeps working through the code's fallbacks.
public enum ConditionalSQL {
    /// The features this SQLite library offers, probed by trying them (a compile option alone does not tell
    /// whether a module is loaded).
    static func features(_ db: Database) -> Set<String> {
        var found: Set<String> = []
        do {
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.opora_fts5_probe USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')")
            try db.execute(sql: "DROP TABLE temp.opora_fts5_probe")
            found.insert("fts5")
        } catch {}
        return found
    }

    /// The SQL with the blocks of missing features left out (their lines become blank, so line numbers stay).
    public static func resolve(_ sql: String, features: Set<String>) -> String {
        var keeping = [true]
        var out: [Substring] = []
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("-- @if ") {
                let feature = trimmed.dropFirst("-- @if ".count).trimmingCharacters(in: .whitespaces)
                keeping.append(keeping.last! && features.contains(feature))
                out.append("")
            } else if trimmed == "-- @end", keeping.count > 1 {
                keeping.removeLast()
                out.append("")
            } else {
                out.append(keeping.last! ? line : "")
            }
        }
        return out.joined(separator: "\n")
    }

    /// Whether a migration has optional blocks at all (the probe runs only then).
    static func hasBlocks(_ sql: String) -> Bool { sql.contains("-- @if ") }
}
