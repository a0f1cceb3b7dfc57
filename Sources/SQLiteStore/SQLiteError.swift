import CSQLite

/// A failure reported by SQLite, carrying enough to map it to an HTTP response
/// (the constraint predicates) and to debug it from a log line (the SQL).
///
/// The bound values are deliberately never captured: they may be personal data,
/// and this error is expected to end up in logs.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, ...).
    public let code: Int32
    /// The extended result code, which tells *which* constraint failed.
    public let extendedCode: Int32
    public let message: String
    /// The statement text that failed, with `?` placeholders intact.
    public let sql: String?

    /// Builds an error from an extended code; the primary code is its low byte,
    /// so the two can never disagree.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.code = extendedCode & 0xFF
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// Captures the connection's current error; call it before anything else
    /// (such as `sqlite3_reset`) can overwrite that state.
    init(connection: OpaquePointer?, sql: String?) {
        self.init(
            extendedCode: sqlite3_extended_errcode(connection),
            message: String(cString: sqlite3_errmsg(connection)),
            sql: sql)
    }

    /// The macros for extended codes are not importable into Swift
    /// (`(SQLITE_CONSTRAINT | (8<<8))`), so their values are spelled out here.
    private enum Extended {
        static let constraintCheck: Int32 = SQLITE_CONSTRAINT | (1 << 8)
        static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
        static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
        static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    }

    /// A duplicate key: the client asked for something that already exists.
    public var isUniqueViolation: Bool {
        extendedCode == Extended.constraintUnique || extendedCode == Extended.constraintPrimaryKey
    }

    /// A reference to a missing row, or a delete of a row still referenced.
    public var isForeignKeyViolation: Bool { extendedCode == Extended.constraintForeignKey }

    public var isCheckViolation: Bool { extendedCode == Extended.constraintCheck }

    /// Any constraint, including NOT NULL and STRICT datatype mismatches.
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    /// Another connection held the lock past the busy timeout; retrying may succeed.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    public var description: String {
        var text = "SQLite error \(code) (extended \(extendedCode)): \(message)"
        if let sql { text += " — SQL: \(sql)" }
        return text
    }
}

extension SQLiteError {
    /// Thrown by `Database` after `close()`, using SQLite's own code for API misuse.
    static let databaseClosed = SQLiteError(extendedCode: SQLITE_MISUSE, message: "database is closed")
    /// A write body ran COMMIT or ROLLBACK itself, which bodies must not do.
    static let transactionEnded = SQLiteError(
        extendedCode: SQLITE_MISUSE, message: "the transaction ended before its writes were committed")
    /// What COMMIT reports for a deferred foreign key left unresolved.
    static let deferredForeignKeyViolation = SQLiteError(
        extendedCode: Extended.constraintForeignKey, message: "FOREIGN KEY constraint failed")
}
