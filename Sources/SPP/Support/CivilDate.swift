/// A calendar date in UTC (`YYYY-MM-DD`), the unit of visits, inspections and
/// accreditations. Arithmetic uses days since 1970-01-01 (Howard Hinnant's
/// civil-from-days algorithm), so no calendar library is needed.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (or an impossible date) is nil.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let date = text.withUTF8({ CivilDate.parse($0) }) else { return nil }
        self = date
    }

    /// The bytes of exactly `YYYY-MM-DD`; shared with `Timestamp`'s parser.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), let y = Digits.value(b, 0..<4),
            let m = Digits.value(b, 5..<7), let d = Digits.value(b, 8..<10)
        else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    public init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public var daysSinceEpoch: Int { CivilDate.daysSinceEpoch(year: year, month: month, day: day) }

    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Same month and day `years` later; 29 February becomes 28 February in a common year.
    /// Arithmetic may leave years 1-9999 (which the failable initialiser
    /// checks), so the result goes through days since the epoch instead of
    /// force-unwrapping: an attendance in 9998 used to crash the server.
    public func adding(years: Int) -> CivilDate {
        let y = year + years
        let d = min(day, CivilDate.daysIn(month: month, year: y))
        return CivilDate(daysSinceEpoch: CivilDate.daysSinceEpoch(year: y, month: month, day: d))
    }

    public var description: String {
        String(unsafeUninitializedCapacity: textLength) { write(to: $0) }
    }

    /// Years 0-9999 take four digits, as RFC 3339 has them. Date arithmetic can
    /// step outside that range; such a year is written in full, never cut.
    var textLength: Int { (0...9999).contains(year) ? 10 : String(year).utf8.count + 6 }

    /// Writes `YYYY-MM-DD` (timestamps reuse it for their date); returns its length.
    func write(to out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var end = 4
        if (0...9999).contains(year) {
            Digits.write(year, width: 4, to: out, at: 0)
        } else {
            end = 0
            for byte in String(year).utf8 {
                out[end] = byte
                end += 1
            }
        }
        out[end] = UInt8(ascii: "-")
        Digits.write(month, width: 2, to: out, at: end + 1)
        out[end + 3] = UInt8(ascii: "-")
        Digits.write(day, width: 2, to: out, at: end + 4)
        return end + 6
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
