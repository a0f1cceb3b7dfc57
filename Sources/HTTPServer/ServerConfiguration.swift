/// Everything the engine can be tuned with. Defaults follow CONTRACT §1 and the
/// foundation issue: 10 s to send a head, 60 s keep-alive, 1 MiB bodies.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Event loop threads doing socket I/O and parsing.
    public var ioThreads: Int
    /// Threads running handlers that may block (database work).
    public var workerThreads: Int
    /// Requests allowed to wait for a worker before new ones get `503`.
    public var maxQueuedRequests: Int
    public var backlog: Int32
    public var limits: ParserLimits
    public var defaultBodyLimit: Int
    /// Bytes of large bodies (over 64 KiB each) all connections together may
    /// hold while they arrive; a body that would pass it is a `503`, unread.
    public var maxBufferedBodyBytes: Int
    public var timeouts: ConnectionTimer.Timeouts
    /// How long shutdown waits for in-flight requests before closing anyway.
    public var drainTimeout: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, ioThreads: Int = 1, workerThreads: Int = 8,
        maxQueuedRequests: Int = 4096, backlog: Int32 = 4096, limits: ParserLimits = ParserLimits(),
        defaultBodyLimit: Int = 1 << 20, maxBufferedBodyBytes: Int = 256 << 20,
        timeouts: ConnectionTimer.Timeouts = .init(
            header: .seconds(10), bodyIdle: .seconds(10), keepAlive: .seconds(60), writeIdle: .seconds(30),
            linger: .seconds(2)),
        drainTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.ioThreads = ioThreads
        self.workerThreads = workerThreads
        self.maxQueuedRequests = maxQueuedRequests
        self.backlog = backlog
        self.limits = limits
        self.defaultBodyLimit = defaultBodyLimit
        self.maxBufferedBodyBytes = maxBufferedBodyBytes
        self.timeouts = timeouts
        self.drainTimeout = drainTimeout
    }
}
