import Synchronization

/// The one connection that writes, and the lock that serialises its users.
///
/// SQLite allows a single writer per database anyway; queueing on a lock here
/// is cheaper and fairer than letting threads spin in SQLite's busy handler.
final class Writer: @unchecked Sendable {
    // @unchecked: `connection` is only read or replaced while `lock` is held,
    // and `owner` records which thread holds it.
    private let lock = ConditionLock()
    private var connection: Connection?
    /// The thread inside `withConnection`, or 0.
    private let owner = Atomic<UInt>(0)

    init(connection: Connection) {
        self.connection = connection
    }

    /// The connection, when the calling thread is already inside `withConnection`.
    ///
    /// Only the calling thread can have stored its own id in `owner`, so a
    /// relaxed load is enough to recognise it, and then the lock is ours.
    var connectionHeldByCurrentThread: Connection? {
        owner.load(ordering: .relaxed) == currentThreadID() ? connection : nil
    }

    var isClosed: Bool {
        lock.withLock { connection == nil }
    }

    /// Runs `body` with exclusive use of the connection. Callers check
    /// `connectionHeldByCurrentThread` first: the lock is not recursive.
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try lock.withLock {
            guard let connection else { throw SQLiteError.databaseClosed }
            owner.store(currentThreadID(), ordering: .relaxed)
            defer { owner.store(0, ordering: .relaxed) }
            return try body(connection)
        }
    }

    /// Folds the WAL back into the main file so the database is a single file
    /// at rest, then drops the connection; later calls throw.
    func close() {
        let closing: Connection? = lock.withLock {
            defer { connection = nil }
            return connection
        }
        // A failed checkpoint is not fatal: closing the last connection checkpoints again.
        try? closing?.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
