import Glibc

/// Where "now" comes from. Injected so rules about today (sessions started,
/// accreditation validity, membership dates) are testable with a fixed clock.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

extension WallClock {
    /// "Today" is the UTC date (CONTRACT §1).
    public func today() -> CivilDate { now().date }
}

public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Timestamp { Timestamp(secondsSinceEpoch: Int64(time(nil))) }
}
