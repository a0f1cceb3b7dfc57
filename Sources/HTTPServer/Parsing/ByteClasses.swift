/// Character classes from RFC 9110 §5.6.2 and §5.5, as table look-ups.
enum ByteClasses {
    /// tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    static let token: [Bool] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(UInt8(b))
        }
    }

    /// field-vchar, SP and HTAB: what may appear in a field value (obs-text included).
    static let fieldValue: [Bool] = (0..<256).map { b in
        b == 0x09 || b == 0x20 || (b >= 0x21 && b <= 0x7E) || b >= 0x80
    }

    /// Visible ASCII: what we accept in a request target.
    static let target: [Bool] = (0..<256).map { b in b >= 0x21 && b <= 0x7E }

    @inline(__always) static func isToken(_ b: UInt8) -> Bool { token[Int(b)] }
    @inline(__always) static func isFieldValue(_ b: UInt8) -> Bool { fieldValue[Int(b)] }
    @inline(__always) static func isTarget(_ b: UInt8) -> Bool { target[Int(b)] }
}
