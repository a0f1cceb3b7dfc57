/// The `Host` field's grammar (RFC 9112 §3.2, RFC 3986 §3.2.2): `uri-host
/// [":" port]`, or empty. A server must answer 400 to any other value, since
/// whatever reads it later (a proxy, a log, a generated link) trusts its form.
enum HostField {
    static func isValid(_ value: String) -> Bool {
        var value = value
        return value.withUTF8(isValid)
    }

    /// One pass over the bytes: every request has a Host to check.
    private static func isValid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        if n > 0 && b[0] == UInt8(ascii: "[") {
            // IP-literal: an IPv6 address or IPvFuture, checked for its characters only.
            i = 1
            while i < n && b[i] != UInt8(ascii: "]") {
                guard isUnreservedOrSubDelim(b[i]) || b[i] == UInt8(ascii: ":") else { return false }
                i += 1
            }
            guard i < n && i > 1 else { return false }
            i += 1
        } else {
            // reg-name, which covers IPv4 addresses: unreserved, sub-delims and pct-encoded.
            while i < n && b[i] != UInt8(ascii: ":") {
                if b[i] == UInt8(ascii: "%") {
                    guard i + 2 < n, isHexDigit(b[i + 1]), isHexDigit(b[i + 2]) else { return false }
                    i += 3
                } else {
                    guard isUnreservedOrSubDelim(b[i]) else { return false }
                    i += 1
                }
            }
        }
        // [":" port], the port all digits (possibly none).
        guard i < n else { return true }
        guard b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        while i < n {
            guard b[i] >= 0x30 && b[i] <= 0x39 else { return false }
            i += 1
        }
        return true
    }

    /// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~";
    /// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
    @inline(__always) private static func isUnreservedOrSubDelim(_ b: UInt8) -> Bool {
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

    @inline(__always) private static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
    }
}
