import HTTPServer

/// Requests per minute for each non-admin key and each anonymous address
/// (CONTRACT §4, `SPP_RATE_LIMIT`). A fixed one-minute window per client:
/// simple to reason about and to state in `RateLimit-*` headers.
public final class RateLimiter: Sendable {
    public struct Decision: Sendable {
        public var allowed: Bool
        public var limit: Int
        public var remaining: Int
        /// Seconds until the window resets.
        public var resetIn: Int
    }

    private struct Window {
        var start: Int64
        var count: Int
    }

    private let perMinute: Int
    private let windows = SystemLock<[String: Window]>([:])

    /// `perMinute` of 0 turns limiting off.
    public init(perMinute: Int) { self.perMinute = perMinute }

    public var isEnabled: Bool { perMinute > 0 }

    public func check(client: String, now: Timestamp) -> Decision {
        let minute = now.secondsSinceEpoch / 60 * 60
        return windows.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { $0.value.start == minute } }
            var window = windows[client] ?? Window(start: minute, count: 0)
            if window.start != minute { window = Window(start: minute, count: 0) }
            let allowed = window.count < perMinute
            if allowed { window.count += 1 }
            windows[client] = window
            return Decision(
                allowed: allowed, limit: perMinute, remaining: max(0, perMinute - window.count),
                resetIn: Int(minute + 60 - now.secondsSinceEpoch))
        }
    }
}
