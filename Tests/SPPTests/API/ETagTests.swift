import SPP
import Testing

/// The body hash that validates lists and documents, and the comparisons of
/// RFC 9110 §13.1.
@Suite struct ETagTests {
    private static let body = Array("{\"data\":[{\"urn\":100000}],\"next\":null}".utf8)

    @Test func aBodyTagIsAQuotedSixteenDigitHexHash() {
        let tag = ETag.forBody(Self.body)
        #expect(tag.utf8.count == 18)
        #expect(tag.first == "\"" && tag.last == "\"")
        #expect(tag.dropFirst().dropLast().allSatisfy { $0.isHexDigit })
        #expect(ETag.forBody(Self.body) == tag)
    }

    /// Every bit of every byte, in the whole words and in the tail, changes the tag.
    @Test func anyOneBitFlippedGivesAnotherTag() {
        let original = ETag.forBody(Self.body)
        var seen: Set<String> = [original]
        for index in Self.body.indices {
            for bit in 0..<8 {
                var changed = Self.body
                changed[index] ^= 1 << bit
                seen.insert(ETag.forBody(changed))
            }
        }
        #expect(seen.count == 1 + Self.body.count * 8)
    }

    /// Edits to two words must not cancel out: with a multiply-only step, the
    /// top bit of one word and two bits of the next always did.
    @Test func editsToTwoWordsGiveAnotherTag() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var body = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let original = ETag.forBody(body)
            let first = Int.random(in: 0..<32, using: &generator)
            let second = Int.random(in: 32..<64, using: &generator)
            body[first] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            body[second] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            #expect(ETag.forBody(body) != original)
        }
        var body = [UInt8](repeating: 0x20, count: 24)
        let original = ETag.forBody(body)
        body[7] ^= 0x80
        body[15] ^= 0x80
        body[12] ^= 0x04
        #expect(ETag.forBody(body) != original)
    }

    @Test func trailingZerosAndTheEmptyBodyHaveTheirOwnTags() {
        let tags = [[], [0], [0, 0], Self.body, Self.body + [0]].map(ETag.forBody)
        #expect(Set(tags).count == tags.count)
    }

    @Test func ifNoneMatchComparesWeaklyAndIfMatchStrongly() {
        #expect(ETag.noneMatch("W/\"3\", \"4\"", current: "\"3\""))
        #expect(ETag.noneMatch("*", current: "\"9\""))
        #expect(!ETag.noneMatch("\"4\"", current: "\"3\""))
        #expect(ETag.match("\"2\", \"3\"", current: "\"3\""))
        #expect(!ETag.match("W/\"3\"", current: "\"3\""))
        #expect(ETag.match(" * ", current: "\"3\""))
        #expect(!ETag.match("\"2\",\"4\"", current: "\"3\""))
    }
}
