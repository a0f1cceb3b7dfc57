/// String escaping, the writer's hottest path: every key and most values.
extension JSONWriter {
    /// Writes `s` quoted (with the comma before it and, for a key, the colon
    /// after it). Text that needs no escaping, nearly all of it, is found a
    /// word at a time and copied in one piece.
    mutating func appendString(_ s: String, colon: Bool) {
        var s = s
        s.withUTF8 { utf8 in appendQuoted(utf8, clean: Self.cleanPrefixCount(utf8), colon: colon) }
    }

    /// Writes `utf8` quoted, copying its first `clean` bytes as they are and
    /// escaping the rest.
    mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>, clean: Int, colon: Bool) {
        let comma = needsComma
        appendUnsafe(upTo: clean + 4) { out in
            var count = 0
            if comma { out.write(UInt8(ascii: ","), at: &count) }
            out.write(UInt8(ascii: "\""), at: &count)
            out.write(UnsafeBufferPointer(rebasing: utf8[..<clean]), at: &count)
            if clean == utf8.count {
                out.write(UInt8(ascii: "\""), at: &count)
                if colon { out.write(UInt8(ascii: ":"), at: &count) }
            }
            return count
        }
        if clean < utf8.count {
            appendEscaped(UnsafeBufferPointer(rebasing: utf8[clean...]))
            appendUnsafe(upTo: 2) { out in
                var count = 0
                out.write(UInt8(ascii: "\""), at: &count)
                if colon { out.write(UInt8(ascii: ":"), at: &count) }
                return count
            }
        }
    }

    /// Escapes `utf8`, which starts with a byte that needs it: `"`, `\`,
    /// control characters (short forms where JSON has them), and
    /// U+2028/U+2029, which are valid JSON but end a line in JavaScript, so
    /// a response pasted into a script cannot break out of a string. Other
    /// text, non-ASCII included, is copied as it is.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            // 0xE2 here is always the lead byte of U+2028 or U+2029.
            let consumed = byte == 0xE2 ? 3 : 1
            let last = utf8[index + consumed - 1]
            let rest = UnsafeBufferPointer(rebasing: utf8[(index + consumed)...])
            let clean = Self.cleanPrefixCount(rest)
            appendUnsafe(upTo: 6 + clean) { out in
                var count = 0
                out.write(UInt8(ascii: "\\"), at: &count)
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.write(byte, at: &count)
                case 0x0A: out.write(UInt8(ascii: "n"), at: &count)
                case 0x0D: out.write(UInt8(ascii: "r"), at: &count)
                case 0x09: out.write(UInt8(ascii: "t"), at: &count)
                case 0x08: out.write(UInt8(ascii: "b"), at: &count)
                case 0x0C: out.write(UInt8(ascii: "f"), at: &count)
                case 0xE2: Self.writeUnicodeEscape(0x2028 + UInt16(last & 1), into: out, at: &count)
                default: Self.writeUnicodeEscape(UInt16(byte), into: out, at: &count)
                }
                out.write(UnsafeBufferPointer(rebasing: rest[..<clean]), at: &count)
                return count
            }
            index += consumed + clean
        }
    }

    private static func writeUnicodeEscape(_ unit: UInt16, into out: UnsafeMutablePointer<UInt8>, at count: inout Int) {
        out.write(UInt8(ascii: "u"), at: &count)
        for shift in stride(from: 12, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: unit >> UInt16(shift)) & 0x0F
            out.write(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10, at: &count)
        }
    }

    /// How many leading bytes of `utf8` need no escaping.
    static func cleanPrefixCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = UnsafeRawPointer(utf8.baseAddress) else { return 0 }
        let count = utf8.count
        var index = 0
        while count - index >= 8 {
            if mayNeedEscaping(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                for candidate in index..<(index + 8) where needsEscaping(utf8, at: candidate) { return candidate }
            }
            index += 8
        }
        // The tail: a last word overlapping bytes already found clean settles
        // it at once; otherwise (or in strings under 8 bytes) check each byte.
        if count >= 8 && !mayNeedEscaping(base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) {
            return count
        }
        for candidate in index..<count where needsEscaping(utf8, at: candidate) { return candidate }
        return count
    }

    private static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = utf8[index]
        if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        return byte == 0xE2 && index + 2 < utf8.count && utf8[index + 1] == 0x80 && utf8[index + 2] & 0xFE == 0xA8
    }

    /// Whether any of eight bytes is a control character, `"`, `\` or 0xE2
    /// (the lead byte of U+2028/U+2029), tested all at once with the classic
    /// SWAR tricks, so clean text is scanned a word at a time.
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let lead = word ^ (ones &* 0xE2)
        let control = (word &- ones &* 0x20) & ~word
        let zeros = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((lead &- ones) & ~lead)
        return (control | zeros) & (ones &* 0x80) != 0
    }
}
