import CLinux
import Glibc
import Logging

/// The HTTP/1.1 server: binds, starts its event loops and worker pool, and
/// shuts down gracefully. It knows nothing of the application behind `Responder`.
public final class Server: Sendable {
    private let state: ServerState
    /// The port actually bound (useful with port 0).
    public let port: Int

    /// Binds and starts serving at once; throws if the address cannot be bound.
    public init(configuration: ServerConfiguration, responder: some Responder, logger: Logger) throws {
        Self.prepareProcess()
        // Bind first: a taken port must fail before any thread is started.
        let (listener, port) = try Socket.listen(
            host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        self.port = port
        state = ServerState(configuration: configuration, responder: responder, logger: logger)
        let loops: [EventLoop]
        do {
            loops = try (0..<max(1, configuration.ioThreads)).map { try EventLoop(index: $0, server: state) }
        } catch {
            Socket.close(listener)
            state.workers.stop(timeout: .zero)
            throw error
        }
        state.setLoops(loops)
        loops[0].execute { loops[0].adoptListener(listener) }
        for loop in loops { loop.start() }
    }

    public var openConnections: Int { state.connectionCount }

    /// Stops accepting, lets in-flight requests finish (new ones get `503` and
    /// `Connection: close`), then closes every connection. Blocks until done.
    public func shutdown() {
        guard !state.isDraining else { return }
        state.beginDraining()
        let loops = state.allLoops
        for loop in loops { loop.execute { loop.closeListener() } }
        let deadline = Clock.now() + state.configuration.drainTimeout.nanoseconds
        while state.activeExchangeCount > 0 && Clock.now() < deadline { usleep(10_000) }
        for loop in loops { loop.execute { loop.stop() } }
        while state.runningLoopCount > 0 { usleep(5_000) }
        state.workers.stop(timeout: state.configuration.drainTimeout)
    }

    /// Many idle keep-alive connections need many descriptors, and a client that
    /// vanishes mid-write must never kill the process with SIGPIPE. glibc would
    /// hand freed worker-thread memory back with madvise after every burst and
    /// fault it in again on the next (4% of CPU on `POST /v1/people`); a high
    /// trim threshold keeps it.
    private static func prepareProcess() {
        signal(SIGPIPE, SIG_IGN)
        _ = mallopt(M_TRIM_THRESHOLD, 64 << 20)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}
