import CSQLite
import Dispatch

/// Copies the WAL back into the database file from a background queue, on its
/// own connection, so the `fsync` a checkpoint needs never happens inside a
/// request's write transaction. SQLite would otherwise checkpoint in whichever
/// commit crosses 1,000 WAL pages, holding the writer lock meanwhile (about 6%
/// of CPU and every write stalled behind it on `POST /v1/people`).
///
/// Checkpoints are PASSIVE: they never wait for or block readers and writers.
/// The writer keeps a high auto-checkpoint threshold as a backstop in case this
/// queue ever falls behind.
final class Checkpointer: @unchecked Sendable {
    // @unchecked: `connection` is only touched on `queue` (after init); `timer`
    // is set in init and cancelled in stop(), which then drains the queue.
    private let queue = DispatchQueue(label: "spp.sqlite.checkpoint")
    private var connection: Connection?
    private let timer: DispatchSourceTimer

    init(path: String, interval: DispatchTimeInterval = .milliseconds(250)) throws {
        let connection = try Connection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)
        try SetupStep.run([.busyTimeout], on: connection)
        // A connection learns the database is in WAL mode on its first read;
        // until then a checkpoint is a silent no-op.
        _ = try connection.scalarInt("SELECT count(*) FROM sqlite_master")
        self.connection = connection
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.checkpoint() }
        timer.resume()
    }

    /// A resumed timer lives until cancelled, even with no owner left.
    deinit {
        timer.cancel()
    }

    /// A failed passive checkpoint is retried on the next tick; the WAL stays valid.
    private func checkpoint() {
        guard let connection else { return }
        _ = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }

    /// Stops the timer, waits for a checkpoint in progress, and closes the
    /// connection so the writer's close is the last one and removes the WAL.
    func stop() {
        timer.cancel()
        queue.sync { connection = nil }
    }
}
