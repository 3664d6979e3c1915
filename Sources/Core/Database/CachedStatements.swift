import GRDB

// Fetches through GRDB's per-connection statement cache: each SQL text is compiled once per connection instead of
// on every call. Compiling a read costs more than running it here, because GRDB's authorizer records every column
// the statement reads. Only for constant SQL (values go in `arguments`): each distinct text stays compiled for
// the connection's lifetime.

extension Row {
    static func fetchAll(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible where Self: StatementColumnConvertible {
    static func fetchAll(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchSet(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> Set<Self> where Self: Hashable {
        try fetchSet(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible {
    static func fetchAll(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension FetchableRecord {
    static func fetchAll(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension FetchableRecord where Self: TableRecord {
    /// The record whose `column` (the primary key) is `value`, through the statement cache: the query interface's
    /// `fetchOne(db, key:)` compiles its statement anew on every call.
    static func fetchOne(_ db: Database, cachedKey value: some DatabaseValueConvertible, column: String = "id") throws -> Self? {
        try fetchOne(db, cachedSQL: "SELECT * FROM \(databaseTableName.quotedDatabaseIdentifier) WHERE \(column.quotedDatabaseIdentifier) = ?",
                     arguments: [value])
    }
}
