/// Fixed-width decimal fields of dates and times, read and written in place:
/// timestamps are formatted for every record in every response, and string
/// interpolation made that a visible share of a request.
enum Digits {
    /// The number in `range`, or nil unless every byte there is an ASCII digit.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard range.upperBound <= bytes.count else { return nil }
        var value = 0
        for i in range {
            let digit = bytes[i] &- 0x30
            guard digit <= 9 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// Writes `value` zero-padded to `width` digits (`value` must fit).
    static func write(_ value: Int, width: Int, to out: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for i in stride(from: start + width - 1, through: start, by: -1) {
            out[i] = UInt8(0x30 + rest % 10)
            rest /= 10
        }
    }
}
