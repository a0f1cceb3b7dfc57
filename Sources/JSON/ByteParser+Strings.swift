/// Strings: the common case (no escapes) becomes a `String` straight from
/// the input; only strings with escapes go through the scratch buffer.
extension ByteParser {
    /// Parses the string whose opening quote is at `position`.
    mutating func parseString() throws(JSONParseError) -> String {
        let opening = position
        let start = position + 1
        var index = start
        while index < input.count {
            let byte = input[index]
            if isPlainASCII(byte) {
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                position = index + 1
                return String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                break
            } else {
                index = try skipCharacter(at: index)
            }
        }
        guard index < input.count else { throw failure("unterminated string", at: opening) }

        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<index]))
        while index < input.count {
            switch input[index] {
            case UInt8(ascii: "\""):
                position = index + 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index = try decodeEscape(at: index)
            default:
                let runStart = index
                repeat {
                    index = isPlainASCII(input[index]) ? index + 1 : try skipCharacter(at: index)
                } while index < input.count && input[index] != UInt8(ascii: "\"") && input[index] != UInt8(ascii: "\\")
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
            }
        }
        throw failure("unterminated string", at: opening)
    }

    /// The common case, checked inline before anything slower: printable
    /// ASCII other than the quote and the backslash.
    @inline(__always)
    private func isPlainASCII(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Checks an unescaped character that is not plain ASCII and returns
    /// where the next one starts: rejects control characters and invalid
    /// UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
    /// U+10FFFF).
    private func skipCharacter(at index: Int) throws(JSONParseError) -> Int {
        let lead = input[index]
        if lead < 0x20 { throw failure("unescaped control character U+00\(hexByte(lead)) in string", at: index) }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw failure("invalid UTF-8", at: index)
        }
        guard index + length <= input.count else { throw failure("invalid UTF-8", at: index) }
        let second = input[index + 1]
        guard second >= low && second <= high else { throw failure("invalid UTF-8", at: index) }
        for offset in 2..<length where input[index + offset] & 0xC0 != 0x80 {
            throw failure("invalid UTF-8", at: index)
        }
        return index + length
    }

    /// Decodes the escape whose backslash is at `index` into `scratch` and
    /// returns the index after it.
    private mutating func decodeEscape(at index: Int) throws(JSONParseError) -> Int {
        guard index + 1 < input.count else { throw failure("unterminated string", at: index) }
        let simple: UInt8
        switch input[index + 1] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): return try decodeUnicodeEscape(at: index)
        default: throw failure("invalid escape sequence: backslash followed by \(describe(index + 1))", at: index)
        }
        scratch.append(simple)
        return index + 2
    }

    /// `\uXXXX`, where a high surrogate must be followed by a `\uXXXX` low
    /// surrogate: a lone half cannot be represented in UTF-8.
    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONParseError) -> Int {
        let unit = try hexQuad(at: index + 2, escapeAt: index)
        var scalarValue = unit
        var next = index + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard next + 1 < input.count, input[next] == UInt8(ascii: "\\"), input[next + 1] == UInt8(ascii: "u") else {
                throw failure("unpaired surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: index)
            }
            let second = try hexQuad(at: next + 2, escapeAt: next)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw failure("unpaired surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: index)
            }
            scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (second - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw failure("unpaired surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: index)
        default:
            break
        }
        appendUTF8(scalarValue)
        return next
    }

    private func hexQuad(at start: Int, escapeAt escape: Int) throws(JSONParseError) -> UInt32 {
        guard start + 4 <= input.count else { throw failure("incomplete \\u escape", at: escape) }
        var value: UInt32 = 0
        for index in start..<(start + 4) {
            let byte = input[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape: expected 4 hex digits", at: escape)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case ..<0x80:
            scratch.append(UInt8(value))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    func hexByte(_ byte: UInt8) -> String {
        (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
