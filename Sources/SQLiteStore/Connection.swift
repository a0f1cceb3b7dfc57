import CSQLite

/// One SQLite connection with its own statement cache.
///
/// Not thread-safe: SQLite is opened with `SQLITE_OPEN_NOMUTEX` to skip its
/// internal locking, so `Database` confines each connection to one thread at a
/// time. Closing is left to `deinit`, so a connection can never be used after
/// its handle is gone.
public final class Connection {
    let handle: OpaquePointer
    /// Keyed by SQL text: a server issues the same few statements over and over,
    /// and re-preparing them on every request would dominate small queries.
    private var statements: [String: Statement] = [:]

    /// Bounds the cache against SQL built by string interpolation, whose
    /// endless variants would otherwise each pin a prepared statement forever.
    static let statementCacheCapacity = 256

    /// Whether a transaction is open (SQLite is out of autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Turns `defer_foreign_keys` off if it is on. Only then: setting it
    /// expires every prepared statement of the connection, which must then
    /// compile again (done after every grouped write, creates took 32% more CPU).
    func stopDeferringForeignKeys() throws {
        if try scalarInt("PRAGMA defer_foreign_keys") == 1 {
            try execute("PRAGMA defer_foreign_keys = OFF")
        }
    }

    /// Whether the open transaction holds a deferred foreign key violation,
    /// which COMMIT would refuse.
    var hasDeferredForeignKeyViolations: Bool {
        var current: Int32 = 0
        var highwater: Int32 = 0
        sqlite3_db_status(handle, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highwater, 0)
        return current > 0
    }

    /// Statements checked out so far, so `Database.readStatement` can assert
    /// that its body ran only one.
    private(set) var statementsStarted = 0

    init(path: String, flags: Int32) throws {
        Self.configureLibrary
        var opened: OpaquePointer?
        let rc = sqlite3_open_v2(path, &opened, flags | SQLITE_OPEN_EXRESCODE, nil)
        guard rc == SQLITE_OK, let opened else {
            let reason = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(opened)
            throw SQLiteError(extendedCode: rc, message: "\(reason) (opening \(path))")
        }
        handle = opened
    }

    /// Process-wide settings, applied once before the first connection opens.
    ///
    /// Memory statistics off: this system SQLite is built without lookaside, so
    /// every value a statement returns is a `malloc`, and with statistics on each
    /// one also takes a mutex shared by all connections in the process. A school
    /// by URN made 9 of them, 4k instructions of its 81k, and the workers queued
    /// on that mutex. Nothing here reads the statistics (`sqlite3_memory_used`,
    /// the soft heap limit).
    private static let configureLibrary: Void = {
        let rc = spp_sqlite3_config_memstatus(0)
        assert(rc == SQLITE_OK, "SQLite was initialised before its configuration")
    }()

    deinit {
        // Finalize first so the close is immediate rather than deferred until
        // the last statement goes away.
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs a script of any number of statements (schema, pragmas) without caching them.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw SQLiteError(extendedCode: rc, message: text, sql: sql)
        }
    }

    /// Runs one statement to completion and returns the rows it changed.
    @discardableResult
    public func run(_ sql: String, _ bindings: [any SQLValueConvertible] = []) throws -> Int {
        try withStatement(sql, bindings) { statement in
            while try statement.step() {}
            return Int(sqlite3_changes64(handle))
        }
    }

    /// Maps every row as it is stepped; no rows are buffered besides the results.
    public func fetch<T>(
        _ sql: String, _ bindings: [any SQLValueConvertible] = [], _ map: (Row) throws -> T
    ) throws -> [T] {
        try withStatement(sql, bindings) { statement in
            let row = Row(statement: statement)
            var results: [T] = []
            while try statement.step() {
                results.append(try map(row))
            }
            return results
        }
    }

    /// Maps the first row only; the statement is reset without stepping the rest.
    public func fetchOne<T>(
        _ sql: String, _ bindings: [any SQLValueConvertible] = [], _ map: (Row) throws -> T
    ) throws -> T? {
        try withStatement(sql, bindings) { statement in
            try statement.step() ? try map(Row(statement: statement)) : nil
        }
    }

    /// The first column of the first row; nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ bindings: [any SQLValueConvertible] = []) throws -> Int? {
        try fetchOne(sql, bindings) { $0.optionalInt(0) } ?? nil
    }

    /// The cached statement for `sql`, reset and with bindings cleared.
    ///
    /// The returned statement is shared with this connection's later calls that
    /// use the same SQL, so finish with it before issuing that SQL again.
    public func prepared(_ sql: String) throws -> Statement {
        let statement = try checkOut(sql)
        statement.resetAndClearBindings()
        return statement
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    public var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }

    /// Runs `body` as a unit that can fail on its own inside a larger write:
    /// on a thrown error only its changes are undone, then the error propagates.
    @discardableResult
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try run("SAVEPOINT sqlitestore_unit")
        let result: T
        do {
            result = try body()
            // RELEASE of an outermost savepoint is a commit, and can fail like one.
            try run("RELEASE sqlitestore_unit")
        } catch {
            // Best effort: if SQLite already rolled back, there is nothing left to undo,
            // and the caller needs the original error, not this one.
            _ = try? run("ROLLBACK TO sqlitestore_unit")
            _ = try? run("RELEASE sqlitestore_unit")
            throw error
        }
        return result
    }

    /// Wraps `body` in `begin` ... COMMIT, rolling back on any error from the
    /// body or from COMMIT itself (a deferred constraint fails at COMMIT and
    /// leaves the transaction open).
    func transaction<T>(_ begin: String, _ body: () throws -> T) throws -> T {
        try run(begin)
        let result: T
        do {
            result = try body()
            resetActiveStatements()
            try run("COMMIT")
        } catch {
            resetActiveStatements()
            if isInTransaction {
                // With no statement active, ROLLBACK cannot fail on a live
                // transaction; the caller needs the original error.
                _ = try? run("ROLLBACK")
            }
            throw error
        }
        return result
    }

    /// Resets statements a caller stepped via `prepared(_:)` and abandoned, so
    /// they do not pin a read snapshot (and the WAL) after the read ends.
    func resetActiveStatements() {
        var next = sqlite3_next_stmt(handle, nil)
        while let statement = next {
            if sqlite3_stmt_busy(statement) != 0 {
                sqlite3_reset(statement)
            }
            next = sqlite3_next_stmt(handle, statement)
        }
    }

    /// Binds, runs `body`, then resets and clears the statement whatever happens.
    private func withStatement<T>(
        _ sql: String, _ bindings: [any SQLValueConvertible], _ body: (Statement) throws -> T
    ) throws -> T {
        let statement = try checkOut(sql)
        statement.isCheckedOut = true
        defer {
            statement.resetAndClearBindings()
            statement.isCheckedOut = false
        }
        try statement.bind(bindings)
        return try body(statement)
    }

    /// The cached statement, or a private one when the cached one is in use by
    /// an enclosing call or the cache is full.
    private func checkOut(_ sql: String) throws -> Statement {
        statementsStarted &+= 1
        if let cached = statements[sql] {
            return cached.isCheckedOut ? try Statement(connection: handle, sql: sql, persistent: false) : cached
        }
        let cacheable = statements.count < Self.statementCacheCapacity
        let statement = try Statement(connection: handle, sql: sql, persistent: cacheable)
        if cacheable {
            statements[sql] = statement
        }
        return statement
    }
}
