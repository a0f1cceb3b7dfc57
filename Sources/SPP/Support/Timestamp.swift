/// An instant with second precision, written as RFC 3339 in UTC
/// (`2026-11-28T09:30:00Z`), which also sorts correctly as text in SQLite.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`, optionally with fractional seconds or a
    /// numeric offset, which are normalised to UTC.
    public init?(_ text: some StringProtocol) {
        let b = Array(text.utf8)
        guard b.count >= 20, let date = CivilDate(String(decoding: b[0..<10], as: UTF8.self)),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":"), let h = Self.twoDigits(b, 11), let m = Self.twoDigits(b, 14),
            let s = Self.twoDigits(b, 17), h < 24, m < 60, s < 60
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
                let oh = Self.twoDigits(b, i + 1), b[i + 3] == UInt8(ascii: ":"), let om = Self.twoDigits(b, i + 4),
                oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        secondsSinceEpoch = Int64(date.daysSinceEpoch * 86_400 + h * 3600 + m * 60 + s - offset)
    }

    public var date: CivilDate { CivilDate(daysSinceEpoch: Int(floorDiv(secondsSinceEpoch, 86_400))) }

    public var description: String {
        let secondsOfDay = Int(secondsSinceEpoch - floorDiv(secondsSinceEpoch, 86_400) * 86_400)
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date)T\(pad(secondsOfDay / 3600)):\(pad(secondsOfDay / 60 % 60)):\(pad(secondsOfDay % 60))Z"
    }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    private static func twoDigits(_ b: [UInt8], _ at: Int) -> Int? {
        guard at + 1 < b.count, b[at] >= 0x30, b[at] <= 0x39, b[at + 1] >= 0x30, b[at + 1] <= 0x39 else { return nil }
        return Int(b[at] - 0x30) * 10 + Int(b[at + 1] - 0x30)
    }

    private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}
