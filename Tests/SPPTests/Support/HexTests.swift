import Crypto
import Testing

@testable import SPP

struct HexTests {
    @Test func bytesMatchTheStandardLibrarysFormatting() {
        let bytes = (0...255).map(UInt8.init)
        let expected = bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(Hex.encode(bytes) == expected)
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func integersAreSixteenDigitsMostSignificantFirst() {
        #expect(Hex.encode(UInt64(0)) == "0000000000000000")
        #expect(Hex.encode(UInt64(0x0123_4567_89ab_cdef)) == "0123456789abcdef")
        #expect(Hex.encode(UInt64.max) == "ffffffffffffffff")
    }

    @Test func keyHashIsTheSHA256TestVector() {
        // FIPS 180-2 appendix B.1: SHA-256("abc").
        #expect(APIKeyService.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
