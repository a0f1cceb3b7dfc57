/// Character classes from RFC 9110 §5.6.2 and §5.5.
///
/// Written as comparisons rather than table look-ups: a table is a lazily
/// initialised global, and every look-up paid for the `swift_once` check
/// guarding it (a hundred of them per request, 1% of a point read).
enum ByteClasses {
    /// tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    @inline(__always) static func isToken(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "#")...UInt8(ascii: "'"),
            UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// field-vchar, SP and HTAB: what may appear in a field value (obs-text included).
    @inline(__always) static func isFieldValue(_ b: UInt8) -> Bool {
        b == 0x09 || (b >= 0x20 && b != 0x7F)
    }

    /// Visible ASCII: what we accept in a request target.
    @inline(__always) static func isTarget(_ b: UInt8) -> Bool {
        b >= 0x21 && b <= 0x7E
    }
}
