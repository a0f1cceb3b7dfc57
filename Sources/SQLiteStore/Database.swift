import CSQLite

/// The database: one writer connection (writes queued and committed in
/// groups) plus a bounded pool of read-only reader connections, in WAL mode.
///
/// Safe to share between threads. WAL lets readers see the last committed
/// state while a write is in progress, so request handlers that only read
/// never queue behind writers.
///
/// Nesting on one thread is allowed and never deadlocks:
/// - `write` inside `write` runs as a savepoint of the outer transaction, so a
///   helper that writes can be called both on its own and as part of a larger write;
/// - `read` inside `write` runs on the writer, so it sees the pending changes;
/// - `read` inside `read` reuses the same reader and snapshot.
public final class Database: Sendable {
    public let path: String
    private let writer: Writer
    /// Nil for a private database (`:memory:` or `""`), which other connections
    /// cannot see; reads then go through the writer.
    private let readers: ReaderPool?
    /// Nil for a private database, which has no WAL.
    private let checkpointer: Checkpointer?

    /// `checkpointInterval` is how often the background checkpointer runs when
    /// the WAL is not already growing fast enough to prompt it.
    public init(path: String, readers: Int = 4, checkpointInterval: Duration = .milliseconds(250)) throws {
        precondition(readers > 0, "a database needs at least one reader")
        let isPrivate = path == ":memory:" || path.isEmpty
        let connection = try Connection(
            path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        try SetupStep.run(SetupStep.writer(isPrivate: isPrivate), on: connection)
        self.path = path
        self.writer = Writer(connection: connection)
        self.readers =
            isPrivate
            ? nil
            : ReaderPool(capacity: readers) {
                let reader = try Connection(path: path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
                try SetupStep.run(SetupStep.reader, on: reader)
                return reader
            }
        checkpointer = isPrivate ? nil : try Checkpointer(path: path, interval: checkpointInterval)
        checkpointer?.watch(connection)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction on the writer, committing
    /// when it returns and undoing its changes when it throws (the original
    /// error is rethrown). IMMEDIATE takes the write lock up front, so a
    /// transaction never fails half-way with SQLITE_BUSY on upgrading from a read.
    ///
    /// Bodies that queue while another is writing run together, each in a
    /// savepoint, and share one commit (see `Writer.transaction`): a body's
    /// own error undoes only its own changes, and `write` returns only once
    /// the commit is done. It can also throw an error that ended the whole
    /// group's transaction (a failed COMMIT, an I/O error). So a body:
    /// - may run on another thread while its caller waits: it must not depend
    ///   on thread-local or task-local state, or on locks its caller holds;
    /// - must not run COMMIT or ROLLBACK itself.
    ///
    /// Called from inside another `write` on the same thread, `body` runs as a
    /// savepoint of the enclosing transaction instead of waiting for the lock
    /// its own thread holds: its changes are undone if it throws, and committed
    /// only with the outer transaction.
    @discardableResult
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        if let connection = writer.connectionHeldByCurrentThread {
            return try connection.savepoint { try body(connection) }
        }
        return try writer.transaction(body)
    }

    /// Writes queued for the next group commit.
    var queuedWrites: Int { writer.queuedCount }

    /// Runs `body` on a reader inside `BEGIN DEFERRED` ... `COMMIT`, so every
    /// query in it sees the same snapshot. The reader goes back to the pool
    /// even when `body` throws, with any statement it left mid-step reset.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        if let connection = writer.connectionHeldByCurrentThread {
            return try body(connection)
        }
        guard let readers else {
            return try writer.withConnection { connection in
                try connection.transaction("BEGIN DEFERRED") { try body(connection) }
            }
        }
        return try readers.withReader { connection, isNested in
            if isNested { return try body(connection) }
            return try connection.transaction("BEGIN DEFERRED") { try body(connection) }
        }
    }

    /// Runs `body`, which must run a single statement, on a reader without
    /// `BEGIN DEFERRED` ... `COMMIT`: SQLite runs a lone statement on one
    /// snapshot anyway, and the pair cost 2.8k instructions (3%) of a point
    /// read. Anything that runs two statements must use `read`, or they may
    /// see different snapshots; that includes a `read` nested in `body`,
    /// which shares this reader as it is. Debug builds count the statements
    /// `body` checks out, nested ones included, and stop at a second.
    public func readStatement<T>(_ body: (Connection) throws -> T) throws -> T {
        if let connection = writer.connectionHeldByCurrentThread {
            return try body(connection)
        }
        guard let readers else { return try read(body) }
        return try readers.withReader { connection, isNested in
            if isNested { return try body(connection) }
            let started = connection.statementsStarted
            defer {
                assert(connection.statementsStarted &- started <= 1, "readStatement ran two statements; use read")
                connection.resetActiveStatements()
            }
            return try body(connection)
        }
    }

    /// Serialised on the writer but outside a transaction, for statements that
    /// refuse to run inside one (`VACUUM`, `PRAGMA journal_mode`, ...).
    @discardableResult
    public func writeWithoutTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        if let connection = writer.connectionHeldByCurrentThread {
            return try body(connection)
        }
        return try writer.withConnection(body)
    }

    /// Writes a consistent, self-contained copy of the database to `path`,
    /// replacing what is there. Writers are not blocked while it runs.
    public func backup(to path: String) throws {
        guard readers != nil else {
            // A private database is visible only through its own connection.
            return try writeWithoutTransaction { try $0.backup(to: path) }
        }
        guard !writer.isClosed else { throw SQLiteError.databaseClosed }
        // A fresh connection, so a long backup does not take a reader away from requests.
        let source = try Connection(path: self.path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
        try SetupStep.run([.busyTimeout], on: source)
        try source.backup(to: path)
    }

    /// Checkpoints the WAL into the main file and closes every idle connection;
    /// readers still in use close when they are returned. Later calls throw.
    /// Idempotent. Must not be called from inside `write`.
    public func close() {
        precondition(
            writer.connectionHeldByCurrentThread == nil,
            "Database.close() called from inside write(); it would wait on its own lock")
        checkpointer?.stop()
        readers?.close()
        writer.close()
    }
}
