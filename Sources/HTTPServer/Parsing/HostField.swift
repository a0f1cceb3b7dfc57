/// The `Host` field's grammar (RFC 9112 §3.2, RFC 3986 §3.2.2): `uri-host
/// [":" port]`, or empty. A server must answer 400 to any other value, since
/// whatever reads it later (a proxy, a log, a generated link) trusts its form.
enum HostField {
    static func isValid(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { isValid($0[...]) }
    }

    private static func isValid(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var bytes = value
        if bytes.first == UInt8(ascii: "[") {
            // IP-literal: an IPv6 address or IPvFuture, checked for its characters only.
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > bytes.startIndex + 1,
                bytes[(bytes.startIndex + 1)..<close].allSatisfy({
                    isUnreservedOrSubDelim($0) || $0 == UInt8(ascii: ":")
                })
            else { return false }
            bytes = bytes[(close + 1)...]
        } else {
            // reg-name, which covers IPv4 addresses: unreserved, sub-delims and pct-encoded.
            let end = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
            var i = bytes.startIndex
            while i < end {
                if bytes[i] == UInt8(ascii: "%") {
                    guard i + 2 < end, bytes[i + 1].isHexDigit, bytes[i + 2].isHexDigit else { return false }
                    i += 3
                } else {
                    guard isUnreservedOrSubDelim(bytes[i]) else { return false }
                    i += 1
                }
            }
            bytes = bytes[end...]
        }
        // [":" port], the port all digits (possibly none).
        guard let colon = bytes.first else { return true }
        return colon == UInt8(ascii: ":") && bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~";
    /// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
    private static func isUnreservedOrSubDelim(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&")...UInt8(ascii: ","),
            UInt8(ascii: ";"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (self >= 0x30 && self <= 0x39) || (self | 0x20 >= 0x61 && self | 0x20 <= 0x66)
    }
}
