import Dispatch

/// One caller's transaction body, queued for the next group commit.
///
/// The body runs on whichever thread leads the group while its caller sleeps
/// on `wait()`; the caller reads the outcome once the group is finished.
final class PendingWrite {
    private enum State {
        case queued((Connection) throws -> Void)
        case succeeded
        case failed(any Error)
    }

    // Touched by the leading thread only while the caller waits; the leader
    // sets `isFinished` under the writer's queue lock after its last touch,
    // and the caller reads the outcome only after seeing it there.
    private var state: State
    /// Guarded by the writer's queue lock.
    var isFinished = false
    private let wakeUp = DispatchSemaphore(value: 0)

    init(_ body: @escaping (Connection) throws -> Void) {
        state = .queued(body)
    }

    /// Runs the body, in a savepoint of its own unless it is alone in its
    /// group, and returns its error. The body is dropped before returning, so
    /// the caller's closure is released before the caller resumes.
    ///
    /// In a group, what one body leaves behind must not reach the next: a
    /// statement left mid-step would make the savepoints fail, and
    /// `defer_foreign_keys` stays on until the shared COMMIT. Alone, the
    /// COMMIT or ROLLBACK that follows clears both.
    func run(on connection: Connection, alone: Bool) -> (any Error)? {
        guard case .queued(let body) = state else { return nil }
        do {
            if alone {
                try body(connection)
            } else {
                defer { try? connection.stopDeferringForeignKeys() }
                try connection.savepoint {
                    defer { connection.resetActiveStatements() }
                    try body(connection)
                    // Alone, COMMIT would refuse this body's deferred violation;
                    // in a group it would refuse everyone's.
                    if connection.hasDeferredForeignKeyViolations { throw SQLiteError.deferredForeignKeyViolation }
                }
            }
            state = .succeeded
            return nil
        } catch {
            state = .failed(error)
            return error
        }
    }

    /// Fails a body that has not run, or reports one that ran as failed with
    /// the group (its changes went with the group's transaction); one that
    /// failed by itself keeps its own error.
    func failGroup(_ error: any Error) {
        if case .failed = state { return }
        state = .failed(error)
    }

    /// Throws the body's error, or the group's.
    func outcome() throws {
        if case .failed(let error) = state { throw error }
    }

    func wait() { wakeUp.wait() }
    func wake() { wakeUp.signal() }
}
