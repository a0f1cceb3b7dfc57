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
    }
}
