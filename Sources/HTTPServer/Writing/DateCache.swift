import Glibc

/// The `Date` header (RFC 9110 §6.6.1) changes once a second; formatting it per
/// response would be wasted work, so the bytes are cached per second.
final class DateCache: Sendable {
    static let shared = DateCache()

    private let cached = SystemLock<(second: Int, bytes: [UInt8])>((-1, []))

    /// `Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n`
    func headerLine() -> [UInt8] {
        let now = time(nil)
        return cached.withLock { cache in
            if cache.second != now {
                cache = (now, Array("Date: \(Self.imfFixdate(now))\r\n".utf8))
            }
            return cache.bytes
        }
    }

    static func imfFixdate(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
