import CSQLite
import Dispatch
import Synchronization

/// Copies the WAL back into the database file from a background queue, on its
/// own connection, so the `fsync` a checkpoint needs never happens inside a
/// request's write transaction. SQLite would otherwise checkpoint in whichever
/// commit crosses 1,000 WAL pages, holding the writer lock meanwhile (about 6%
/// of CPU and every write stalled behind it on `POST /v1/people`).
///
/// Checkpoints are PASSIVE: they never wait for or block readers and writers.
/// They run on a timer and, under a write burst, as soon as the writer reports
/// (through SQLite's WAL hook) that the WAL has grown past `promptFrames`: at
/// 12k inserts a second the WAL grew past the writer's own threshold between
/// two ticks, and the writer then checkpointed inline, two `fdatasync`s of
/// 5-35 ms each inside a request. The writer still checkpoints by itself past
/// `backstopFrames`, in case this queue ever falls behind; that checkpoint
/// runs inside a group commit, so every write of the group waits for it.
///
/// Under sustained writes the WAL is never completely copied when the next
/// write starts, so it does not restart and stays past `promptFrames`: prompts
/// then follow each other and this queue checkpoints back to back (hundreds a
/// second, each with its two syncs, all on this thread). The writer's backstop
/// is what restarts the WAL, bounding it near 40 MB, and finds almost nothing
/// left to copy. Prompting only per 2,000 new pages was measured instead: 95%
/// fewer syncs, but the backstop then had more to copy inside a request, and
/// create's p99 rose from 10-11 to 12-13.5 ms.
final class Checkpointer: @unchecked Sendable {
    // @unchecked: `connection` is only touched on `queue` (after init); `timer`
    // is set in init and cancelled in stop(), which then drains the queue.
    private let queue = DispatchQueue(label: "spp.sqlite.checkpoint")
    private var connection: Connection?
    private let timer: DispatchSourceTimer
    /// Set when a prompt checkpoint is queued, so a burst queues only one.
    private let promptQueued = Atomic<Bool>(false)

    static let promptFrames: Int32 = 1000
    static let backstopFrames: Int32 = 10000

    init(path: String, interval: Duration) throws {
        let connection = try Connection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)
        try SetupStep.run([.busyTimeout], on: connection)
        // A connection learns the database is in WAL mode on its first read;
        // until then a checkpoint is a silent no-op.
        _ = try connection.scalarInt("SELECT count(*) FROM sqlite_master")
        self.connection = connection
        timer = DispatchSource.makeTimerSource(queue: queue)
        let (seconds, attoseconds) = interval.components
        let tick = DispatchTimeInterval.nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        timer.schedule(deadline: .now() + tick, repeating: tick)
        timer.setEventHandler { [weak self] in self?.checkpoint() }
        timer.resume()
    }

    /// A resumed timer lives until cancelled, even with no owner left.
    deinit {
        timer.cancel()
    }

    /// Installs the WAL hook on the writer. It replaces SQLite's own
    /// auto-checkpoint, whose role the backstop takes over.
    func watch(_ writer: Connection) {
        sqlite3_wal_hook(writer.handle, Self.walHook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called by SQLite on the writer's thread after each commit.
    private static let walHook:
        @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
            context, writer, _, frames in
            guard let context else { return SQLITE_OK }
            if frames >= backstopFrames {
                _ = sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            } else if frames >= promptFrames {
                Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().checkpointSoon()
            }
            return SQLITE_OK
        }

    private func checkpointSoon() {
        guard !promptQueued.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            promptQueued.store(false, ordering: .releasing)
            checkpoint()
        }
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
