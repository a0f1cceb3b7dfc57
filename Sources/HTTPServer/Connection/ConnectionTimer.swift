/// Timeouts of one connection as a pure state machine: events and the current
/// time go in, a deadline and a verdict come out. No sockets, no clocks, so
/// every rule is testable without sleeping.
public struct ConnectionTimer: Sendable {
    public struct Timeouts: Sendable {
        /// From the first byte of a request until its head is complete (slowloris).
        public var header: Int64
        /// Longest pause between body bytes.
        public var bodyIdle: Int64
        /// How long an idle keep-alive connection is kept.
        public var keepAlive: Int64
        /// Longest pause while the client is not reading our response.
        public var writeIdle: Int64
        /// How long unread input is drained after a final response, so the
        /// client sees that response rather than a reset.
        public var linger: Int64

        public init(header: Duration, bodyIdle: Duration, keepAlive: Duration, writeIdle: Duration, linger: Duration) {
            self.header = header.nanoseconds
            self.bodyIdle = bodyIdle.nanoseconds
            self.keepAlive = keepAlive.nanoseconds
            self.writeIdle = writeIdle.nanoseconds
            self.linger = linger.nanoseconds
        }
    }

    public enum Phase: Equatable, Sendable {
        case idle(since: Int64)
        case readingHead(since: Int64)
        case readingBody(lastProgress: Int64)
        /// A handler is running: its time is not the client's fault.
        case processing
        case writing(lastProgress: Int64)
        /// The last response is out and our side is shut; input is discarded.
        case lingering(since: Int64)
    }

    public enum Expiry: Equatable, Sendable {
        case keepAlive
        case header
        case body
        case write
        case linger

        /// A client that was mid-request is told why before the close (RFC 9110 §15.5.9).
        public var answersRequestTimeout: Bool { self == .header || self == .body }
    }

    public private(set) var phase: Phase
    private let timeouts: Timeouts

    public init(timeouts: Timeouts, now: Int64) {
        self.timeouts = timeouts
        phase = .idle(since: now)
    }

    /// Bytes arrived; `inBody` says whether the parser is past the head.
    public mutating func received(now: Int64, inBody: Bool) {
        switch phase {
        case .idle: phase = inBody ? .readingBody(lastProgress: now) : .readingHead(since: now)
        case .readingHead: if inBody { phase = .readingBody(lastProgress: now) }
        case .readingBody: phase = .readingBody(lastProgress: now)
        case .processing, .writing, .lingering: break
        }
    }

    public mutating func dispatched() { phase = .processing }

    public mutating func writePending(now: Int64) { phase = .writing(lastProgress: now) }

    public mutating func wrote(now: Int64) {
        if case .writing = phase { phase = .writing(lastProgress: now) }
    }

    public mutating func lingering(now: Int64) { phase = .lingering(since: now) }

    /// The response is out; `midRequest` when pipelined bytes of the next request are buffered.
    public mutating func responseSent(now: Int64, midRequest: Bool) {
        phase = midRequest ? .readingHead(since: now) : .idle(since: now)
    }

    public var deadline: Int64? {
        switch phase {
        case .idle(let since): since + timeouts.keepAlive
        case .readingHead(let since): since + timeouts.header
        case .readingBody(let last): last + timeouts.bodyIdle
        case .processing: nil
        case .writing(let last): last + timeouts.writeIdle
        case .lingering(let since): since + timeouts.linger
        }
    }

    /// What expired by `now`, if anything.
    public func expired(now: Int64) -> Expiry? {
        guard let deadline, now >= deadline else { return nil }
        switch phase {
        case .idle: return .keepAlive
        case .readingHead: return .header
        case .readingBody: return .body
        case .writing: return .write
        case .lingering: return .linger
        case .processing: return nil
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
