/// Numbers, per the RFC 8259 grammar `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
extension ByteParser {
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var index = position
        let negative = input[index] == UInt8(ascii: "-")
        if negative { index += 1 }

        // Every digit goes into one decimal mantissa until it would overflow;
        // `exact` says whether the mantissa still holds all of them.
        var mantissa: UInt64 = 0
        var exact = true
        var fractionDigits = 0
        func accumulate(_ byte: UInt8) {
            let (shifted, overflow1) = mantissa.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { exact = false } else { mantissa = sum }
        }

        guard index < input.count, isDigit(input[index]) else { throw failure("expected a digit after '-'", at: index) }
        if input[index] == UInt8(ascii: "0") {
            index += 1
            if index < input.count && isDigit(input[index]) {
                throw failure("leading zeros are not allowed", at: index)
            }
        } else {
            while index < input.count && isDigit(input[index]) {
                if exact { accumulate(input[index]) }
                index += 1
            }
        }
        let integral = exact
        var isInteger = true

        if index < input.count && input[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < input.count, isDigit(input[index]) else {
                throw failure("expected a digit after the decimal point", at: index)
            }
            while index < input.count && isDigit(input[index]) {
                if exact {
                    accumulate(input[index])
                    fractionDigits += 1
                }
                index += 1
            }
        }

        var exponent = 0
        if index < input.count && (input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E")) {
            isInteger = false
            index += 1
            var negativeExponent = false
            if index < input.count && (input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-")) {
                negativeExponent = input[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < input.count, isDigit(input[index]) else {
                throw failure("expected a digit in the exponent", at: index)
            }
            while index < input.count && isDigit(input[index]) {
                // Saturate: anything this large is out of range or zero anyway.
                exponent = min(exponent * 10 + Int(input[index] - UInt8(ascii: "0")), 1_000_000)
                index += 1
            }
            if negativeExponent { exponent = -exponent }
        }
        position = index

        if isInteger && integral {
            if !negative && mantissa <= UInt64(Int64.max) { return .integer(Int64(mantissa)) }
            if negative && mantissa <= UInt64(Int64.max) + 1 {
                return .integer(Int64(truncatingIfNeeded: 0 &- mantissa))
            }
        }
        if exact, let value = Self.exactDouble(mantissa: mantissa, exponent: exponent - fractionDigits) {
            return .double(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw failure("number out of range", at: start) }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Clinger's fast path: when the mantissa and the power of ten are both
    /// exact doubles, one multiplication or division rounds correctly, so the
    /// usual short numbers skip the slower general conversion.
    private static func exactDouble(mantissa: UInt64, exponent: Int) -> Double? {
        guard mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        let value = Double(mantissa)
        return exponent >= 0 ? value * powersOfTen[exponent] : value / powersOfTen[-exponent]
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
