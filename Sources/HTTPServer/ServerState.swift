import Logging
import Synchronization

/// What every loop and connection of one server shares: configuration, the
/// responder, the worker pool and the counters shutdown and metrics read.
final class ServerState: Sendable {
    let configuration: ServerConfiguration
    let responder: any Responder
    let logger: Logger
    let workers: WorkerPool
    let tickInterval: Int64
    private let loops = SystemLock<[EventLoop]>([])
    private let draining = Atomic<Bool>(false)
    private let openConnections = Atomic<Int>(0)
    private let activeExchanges = Atomic<Int>(0)
    private let runningLoops = Atomic<Int>(0)
    private let bufferedBodyBytes = Atomic<Int>(0)

    init(configuration: ServerConfiguration, responder: any Responder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        workers = WorkerPool(threads: configuration.workerThreads, maxQueued: configuration.maxQueuedRequests)
        let t = configuration.timeouts
        // Deadlines are checked on a tick; a quarter of the shortest timeout keeps
        // them accurate without waking an idle server often.
        tickInterval = min(250_000_000, min(t.header, t.bodyIdle, t.keepAlive, t.writeIdle, t.linger) / 4)
    }

    func setLoops(_ value: [EventLoop]) {
        loops.withLock { $0 = value }
        runningLoops.store(value.count, ordering: .releasing)
    }

    var allLoops: [EventLoop] { loops.withLock { $0 } }

    /// Spreads connections over loops by descriptor number.
    func loop(for fd: Int32) -> EventLoop {
        loops.withLock { $0[Int(fd) % $0.count] }
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }
    func beginDraining() { draining.store(true, ordering: .releasing) }

    var connectionCount: Int { openConnections.load(ordering: .relaxed) }
    func connectionOpened() { openConnections.add(1, ordering: .relaxed) }
    func connectionClosed() { openConnections.subtract(1, ordering: .relaxed) }

    var activeExchangeCount: Int { activeExchanges.load(ordering: .acquiring) }
    func exchangeActive(_ active: Bool) {
        if active {
            activeExchanges.add(1, ordering: .relaxed)
        } else {
            activeExchanges.subtract(1, ordering: .releasing)
        }
    }

    /// Takes `bytes` of the large-body budget, or nothing if that would pass
    /// it; returns how much it took. A body larger than the whole budget takes
    /// all of it, so it can still arrive when nothing else is.
    func reserveBodyBytes(_ wanted: Int) -> Int? {
        let limit = configuration.maxBufferedBodyBytes
        let bytes = min(wanted, limit)
        var current = bufferedBodyBytes.load(ordering: .relaxed)
        while bytes <= limit - current {
            let (exchanged, found) = bufferedBodyBytes.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return bytes }
            current = found
        }
        return nil
    }

    func releaseBodyBytes(_ bytes: Int) { bufferedBodyBytes.subtract(bytes, ordering: .relaxed) }

    var runningLoopCount: Int { runningLoops.load(ordering: .acquiring) }
    func loopStopped() { runningLoops.subtract(1, ordering: .releasing) }

    /// Runs the responder; an error that escapes it is a bug, logged and answered
    /// with a bare 500 that reveals nothing.
    func respond(to request: Request) -> Response {
        do {
            return try responder.respond(to: request)
        } catch {
            logger.error("unhandled error", metadata: ["requestId": "\(request.requestID)", "error": "\(error)"])
            return Response.problem(.internalServerError, detail: "An unexpected error occurred.")
        }
    }

    /// One access-log line per exchange.
    func logAccess(_ request: Request?, response: Response, bytes: Int, started: Int64) {
        guard logger.logLevel <= .info else { return }
        let micros = (Clock.now() - started) / 1000
        logger.info(
            "request",
            metadata: [
                "method": "\(request?.method.rawValue ?? "-")",
                // As sent, so `%0A` cannot start a forged line; without the query,
                // which may hold a search for someone's name.
                "path": "\(request.map { $0.target.prefix { $0 != "?" } } ?? "-")",
                "status": "\(response.status.code)",
                "bytes": "\(bytes)",
                "durationMs": "\(Double(micros) / 1000)",
                "requestId": "\(request?.requestID ?? "-")",
            ])
    }
}
