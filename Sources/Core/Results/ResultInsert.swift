import GRDB
import GRDBSQLite

/// The importer's `INSERT INTO result`, bound through SQLite's own calls: the import's id, time stamp and user are
/// bound once (bindings outlive `sqlite3_reset`), each row binds its key and figures as integers, and GRDB steps it.
/// Without GRDB's argument arrays (an array of existentials and a `DatabaseValue` each) per row.
struct ResultInsert {
    private let statement: Statement
    private let handle: OpaquePointer

    /// `statement` is the 16-parameter insert of `ResultImporter.commit` (key, ten figures, importId, updatedAt, updatedBy).
    init(_ db: Database, _ statement: Statement, importId: Int64?, stamp: DatabaseValue, userId: Int64?) throws {
        self.statement = statement
        handle = statement.sqliteStatement
        try statement.setArguments([nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, importId, stamp, userId])
    }

    func run(_ schoolId: Int64, _ procedureId: Int64, _ year: Int, _ v: ResultValues) throws {
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, schoolId)
        sqlite3_bind_int64(handle, 2, procedureId)
        sqlite3_bind_int64(handle, 3, Int64(year))
        sqlite3_bind_int64(handle, 4, Int64(v.participants))
        bind(5, v.mark2); bind(6, v.mark3); bind(7, v.mark4); bind(8, v.mark5); bind(9, v.belowMinimum)
        if let m = v.meanScore { sqlite3_bind_double(handle, 10, m) } else { sqlite3_bind_null(handle, 10) }
        bind(11, v.lowered); bind(12, v.confirmed); bind(13, v.raised)
        // Stepped by GRDB (which keeps the bindings: the arguments were set once), so transaction observers such
        // as the ChangeTracker see the statement and its rows as with any other.
        try statement.execute()
    }

    @inline(__always) private func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }
}
