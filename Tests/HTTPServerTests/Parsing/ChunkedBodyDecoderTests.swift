import HTTPServer
import TestSupport
import Testing

/// Chunked bodies (RFC 9112 §7.1), decoded through the parser so every case is
/// also split at every byte and pipelined.
@Suite struct ChunkedBodyDecoderTests {
    static func chunked(_ body: String) -> String {
        message("POST /upload HTTP/1.1", ["Host: a", "Transfer-Encoding: chunked"], body: body)
    }

    static let bodies: [(String, String)] = [
        ("0\r\n\r\n", ""),
        ("5\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world"),
        ("A\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        ("a\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        ("005\r\nhello\r\n000\r\n\r\n", "hello"),
        ("5;name=value\r\nhello\r\n0;last\r\n\r\n", "hello"),
        ("5 ; name=\"quoted value\"\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5\r\nhello\r\n0\r\nChecksum: abc\r\nX-Other: 1\r\n\r\n", "hello"),
        ("3\r\n\r\n\r\r\n0\r\n\r\n", "\r\n\r"),
        // Leading zeros are allowed whatever their number.
        ("00000000000000000005\r\nhello\r\n0\r\n\r\n", "hello"),
    ]

    @Test(arguments: bodies)
    func chunkedBodyIsDecodedWithExtensionsAndTrailersIgnored(encoded: String, decoded: String) {
        #expect(verifier.verify(Self.chunked(encoded)).request?.text == decoded)
    }

    @Test func trailersDoNotBecomeHeaders() throws {
        let request = try #require(verifier.verify(Self.chunked("0\r\nX-Trailer: 1\r\n\r\n")).request)
        #expect(!request.headers.contains { $0.name == "X-Trailer" })
    }

    static let rejections = [
        "z\r\nhello\r\n0\r\n\r\n",
        "\r\nhello\r\n0\r\n\r\n",
        ";ext\r\n0\r\n\r\n",
        "-5\r\nhello\r\n0\r\n\r\n",
        "0x5\r\nhello\r\n0\r\n\r\n",
        "5 5\r\nhello\r\n0\r\n\r\n",
        "5;ext\u{0}\r\nhello\r\n0\r\n\r\n",
        "5\r\nhelloXY0\r\n\r\n",
        "5\r\nhelloo\r\n0\r\n\r\n",
        "1000000000000000\r\n",
        "0\r\nNoColon\r\n\r\n",
        "0\r\n folded: x\r\n\r\n",
        "0\r\nX: a\u{0}\r\n\r\n",
        // A trailer field's name is a token, as a header field's is (RFC 9112 §7.1.2).
        "0\r\n: v\r\n\r\n",
        "0\r\nba d(x): v\r\n\r\n",
        "0\r\nX : v\r\n\r\n",
    ]

    @Test(arguments: rejections)
    func malformedChunkingIs400(encoded: String) {
        let failure = verifier.verify(Self.chunked(encoded)).failure
        #expect(failure == .invalidChunk)
        #expect(failure?.status.code == 400)
    }

    /// Without the check the decoder waited for a CRLF that never came, and the
    /// client got a 408 after the request timeout.
    @Test(arguments: ["5\nhello\n0\n\n", "5\r\nhello\n0\r\n\r\n", "0\n\n", "0\r\nX: a\r\n\n"])
    func aBareLFEndingALineIs400AtOnce(encoded: String) {
        let failure = verifier.verify(Self.chunked(encoded)).failure
        #expect(failure == .lineTerminator)
        #expect(failure?.status.code == 400)
    }

    @Test(arguments: [(1024, nil), (1025, HTTPParseError.bodyTooLarge)])
    func chunkedBodyLimitCountsEveryChunk(total: Int, error: HTTPParseError?) {
        let encoded =
            "200\r\n" + String(repeating: "a", count: 512) + "\r\n"
            + String(total - 512, radix: 16) + "\r\n" + String(repeating: "b", count: total - 512) + "\r\n0\r\n\r\n"
        let verification = verifier.verify(Self.chunked(encoded))
        #expect(verification.failure == error)
        #expect(verification.request?.body.count ?? total == total)
        #expect(verification.failure.map { $0.status.code } ?? 413 == 413)
    }

    @Test func oversizedChunkIsRefusedBeforeItsData() {
        let verification = verifier.verify(Self.chunked("800\r\n"))
        #expect(verification.byteByByte == [.failure(.bodyTooLarge)])
    }

    /// A chunk-size line at `maxChunkLineLength` passes, one byte longer is a bad chunk.
    @Test(arguments: [(4096, nil), (4097, HTTPParseError.invalidChunk)])
    func chunkLineLengthLimit(length: Int, error: HTTPParseError?) {
        let line = "1;x=" + String(repeating: "e", count: length - 4)
        let verification = verifier.verify(Self.chunked(line + "\r\nz\r\n0\r\n\r\n"))
        #expect(verification.failure == error)
        #expect(verification.request?.text ?? "z" == "z")
    }

    /// Trailer fields share the header section's limit.
    @Test(arguments: [(16 * 1024, nil), (16 * 1024 + 1, HTTPParseError.headerSectionTooLarge)])
    func trailerSectionLimit(sectionBytes: Int, error: HTTPParseError?) {
        let trailers = RequestParserTests.fields(sectionBytes: sectionBytes).map { $0 + "\r\n" }.joined()
        let verification = verifier.verify(Self.chunked("0\r\n" + trailers + "\r\n"))
        #expect(verification.failure == error)
        #expect(verification.failure.map { $0.status.code } ?? 431 == 431)
    }
}
