/// An instant with second precision, written as RFC 3339 in UTC
/// (`2026-11-28T09:30:00Z`), which also sorts correctly as text in SQLite.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// Midnight UTC at the start of `date`.
    public init(startOf date: CivilDate) { secondsSinceEpoch = Int64(date.daysSinceEpoch) * 86_400 }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`, optionally with fractional seconds or a
    /// numeric offset, which are normalised to UTC.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let timestamp = text.withUTF8({ Timestamp(utf8: $0) }) else { return nil }
        self = timestamp
    }

    public init?(utf8: UnsafeBufferPointer<UInt8>) {
        guard let seconds = Timestamp.parse(utf8) else { return nil }
        secondsSinceEpoch = seconds
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 20, let date = CivilDate.parse(UnsafeBufferPointer(rebasing: b[0..<10])),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":"), let h = Digits.value(b, 11..<13), let m = Digits.value(b, 14..<16),
            let s = Digits.value(b, 17..<19), h < 24, m < 60, s < 60
        else { return nil }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
        } else {
            guard b.count == i + 6, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"),
                let oh = Digits.value(b, i + 1..<i + 3), b[i + 3] == UInt8(ascii: ":"),
                let om = Digits.value(b, i + 4..<i + 6), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        let seconds = Int64(date.daysSinceEpoch * 86_400 + h * 3600 + m * 60 + s - offset)
        // An offset can carry 9999-12-31 into year 10000 (or 0001-01-01 back
        // into year 0); RFC 3339 has four-digit years, so such an instant is refused.
        let utcYear = CivilDate(daysSinceEpoch: Int(floorDiv(seconds, 86_400))).year
        return (1...9999).contains(utcYear) ? seconds : nil
    }

    public var date: CivilDate { CivilDate(daysSinceEpoch: Int(Self.floorDiv(secondsSinceEpoch, 86_400))) }

    public var description: String {
        String(unsafeUninitializedCapacity: date.textLength + 10) { write(to: $0) }
    }

    /// The text of `description` in a stack buffer, for writers that copy it
    /// straight into a response (two per resource, 100 per list of 50).
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: date.textLength + 10) { out in
            body(UnsafeBufferPointer(rebasing: out[..<write(to: out)]))
        }
    }

    private func write(to out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let secondsOfDay = Int(secondsSinceEpoch - Self.floorDiv(secondsSinceEpoch, 86_400) * 86_400)
        let t = date.write(to: out)
        out[t] = UInt8(ascii: "T")
        Digits.write(secondsOfDay / 3600, width: 2, to: out, at: t + 1)
        out[t + 3] = UInt8(ascii: ":")
        Digits.write(secondsOfDay / 60 % 60, width: 2, to: out, at: t + 4)
        out[t + 6] = UInt8(ascii: ":")
        Digits.write(secondsOfDay % 60, width: 2, to: out, at: t + 7)
        out[t + 9] = UInt8(ascii: "Z")
        return t + 10
    }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}
