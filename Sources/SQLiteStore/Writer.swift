import Synchronization

/// The one connection that writes, the lock that serialises its users, and
/// the queue that groups their transactions into shared commits.
///
/// SQLite allows a single writer per database anyway; queueing on a lock here
/// is cheaper and fairer than letting threads spin in SQLite's busy handler.
final class Writer: @unchecked Sendable {
    // @unchecked: `connection` is only read or replaced while `lock` is held,
    // `owner` records which thread holds it, and `queueLock` guards the rest.
    private let lock = ConditionLock()
    private var connection: Connection?
    /// The thread inside `withConnection`, or 0.
    private let owner = Atomic<UInt>(0)
    /// Guards `queued` and `isLeading`.
    private let queueLock = ConditionLock()
    private var queued: [PendingWrite] = []
    /// Whether some caller is running a group on the connection.
    private var isLeading = false

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

    /// Runs `body` in a write transaction, committed together with the bodies
    /// of other callers that queued while the previous group was writing.
    ///
    /// One commit per group instead of per body, and one lock hand-off: a
    /// writer preempted while others queue costs them one wait, not one each.
    /// Each body of a group runs in a savepoint of its own, so one that throws
    /// undoes only its own changes and the others still commit. Callers return
    /// only once their group is finished, so what they see is the outcome.
    func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            var result: T?
            let write = PendingWrite { result = try body($0) }
            join(write)
            try write.outcome()
            return result!
        }
    }

    /// Writes waiting for a group to take them, for tests that build a group.
    var queuedCount: Int {
        queueLock.withLock { queued.count }
    }

    /// Queues `write` and returns once its group is finished. Whoever finds no
    /// group running leads the next one, taking everything queued; a thread
    /// already running takes the lead before a sleeping one can wake for it.
    private func join(_ write: PendingWrite) {
        var group: [PendingWrite] = []
        var turn = queueLock.withLock {
            queued.append(write)
            return nextTurn(of: write, taking: &group)
        }
        while turn == .wait {
            write.wait()
            turn = queueLock.withLock { nextTurn(of: write, taking: &group) }
        }
        guard turn == .lead else { return }
        commit(group)
        let next = queueLock.withLock {
            for member in group { member.isFinished = true }
            isLeading = false
            // Woken to lead, in case no running thread comes to.
            return queued.first
        }
        for member in group where member !== write { member.wake() }
        next?.wake()
    }

    private enum Turn { case wait, lead, finished }

    /// What a queued write does next; called with `queueLock` held.
    private func nextTurn(of write: PendingWrite, taking group: inout [PendingWrite]) -> Turn {
        if write.isFinished { return .finished }
        if isLeading { return .wait }
        isLeading = true
        swap(&group, &queued)
        return .lead
    }

    /// Runs `group` in one transaction. A body that throws leaves the others
    /// to commit, unless its error ended the transaction (SQLite rolls back
    /// by itself on I/O errors and a full disk), which fails the whole group.
    private func commit(_ group: [PendingWrite]) {
        do {
            try withConnection { connection in
                try connection.transaction("BEGIN IMMEDIATE") {
                    var anySucceeded = false
                    for write in group {
                        let error = write.run(on: connection, alone: group.count == 1)
                        guard connection.isInTransaction else { throw error ?? SQLiteError.transactionEnded }
                        anySucceeded = anySucceeded || error == nil
                    }
                    // Rolls back what a lone body left; every body keeps its own error.
                    if !anySucceeded { throw NothingToCommit() }
                }
            }
        } catch {
            for write in group { write.failGroup(error) }
        }
    }

    private struct NothingToCommit: Error {}

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
