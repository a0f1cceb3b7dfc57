import Testing

@testable import HTTPServer

/// Each class checked on all 256 byte values against the RFC's own wording.
@Suite struct ByteClassesTests {
    private static let bytes = (0...255).map { UInt8($0) }
    private static let alphaDigit = Set(Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))

    /// RFC 9110 §5.6.2: tchar is DIGIT, ALPHA or one of "!#$%&'*+-.^_`|~".
    @Test func tokenCharactersAreExactlyTchar() {
        let tchar = Self.alphaDigit.union("!#$%&'*+-.^_`|~".utf8)
        for b in Self.bytes {
            #expect(ByteClasses.isToken(b) == tchar.contains(b), "byte \(b)")
        }
    }

    /// RFC 9110 §5.5: field-vchar (VCHAR / obs-text), SP and HTAB; no other
    /// control character and no DEL.
    @Test func fieldValueBytesAreVisibleSpaceTabOrObsText() {
        for b in Self.bytes {
            let expected = (0x21...0x7E).contains(b) || b >= 0x80 || b == 0x20 || b == 0x09
            #expect(ByteClasses.isFieldValue(b) == expected, "byte \(b)")
        }
    }

    /// RFC 3986 §3.2.2: a reg-name byte is unreserved, a sub-delim or part of
    /// a percent-encoding; checked through `HostField` on every byte value
    /// but the three with a role of their own (`%`, `:`, `[`).
    @Test func hostNameBytesAreUnreservedOrSubDelims() {
        let regName = Self.alphaDigit.union("-._~!$&'()*+,;=".utf8)
        for b in Self.bytes where b != UInt8(ascii: "%") && b != UInt8(ascii: ":") && b != UInt8(ascii: "[") {
            let host = String(decoding: [UInt8(ascii: "a"), b, UInt8(ascii: "b")], as: UTF8.self)
            #expect(HostField.isValid(host) == regName.contains(b), "byte \(b)")
        }
    }

    @Test func targetBytesAreVisibleASCII() {
        for b in Self.bytes {
            #expect(ByteClasses.isTarget(b) == (0x21...0x7E).contains(b), "byte \(b)")
        }
    }
}
