import HTTPServer
import TestSupport
import Testing

/// Message framing (RFC 9112 §6), the size limits at their edges, and the
/// parser's own behaviour between requests.
@Suite struct RequestParserTests {
    @Test func leadingEmptyLinesBeforeTheRequestLineAreIgnored() {
        #expect(verifier.verify("\r\n\r\n" + message("GET /a HTTP/1.1")).request?.pathSegments == ["a"])
    }

    @Test func contentLengthDelimitsTheBody() throws {
        let input = message("POST / HTTP/1.1", ["Host: a", "Content-Length: 3"], body: "abc")
        #expect(verifier.verify(input + input).outcomes.count == 2)
        #expect(verifier.verify(input).request?.text == "abc")
        #expect(verifier.verify(message("POST / HTTP/1.1", ["Host: a", "Content-Length: 0"])).request?.body == [])
    }

    static let framingRejections: [([String], HTTPParseError, Int)] = [
        (["Content-Length: 3", "Transfer-Encoding: chunked"], .contentLengthWithTransferEncoding, 400),
        (["Transfer-Encoding: chunked", "Content-Length: 3"], .contentLengthWithTransferEncoding, 400),
        (["Content-Length: 3", "Content-Length: 4"], .invalidContentLength, 400),
        (["Content-Length: 3", "Content-Length: 3"], .invalidContentLength, 400),
        (["Content-Length: 3, 3"], .invalidContentLength, 400),
        (["Content-Length: -1"], .invalidContentLength, 400),
        (["Content-Length: 1a"], .invalidContentLength, 400),
        (["Content-Length: +5"], .invalidContentLength, 400),
        (["Content-Length: 0x5"], .invalidContentLength, 400),
        (["Content-Length:"], .invalidContentLength, 400),
        (["Content-Length: 99999999999999999999"], .invalidContentLength, 400),
        (["Transfer-Encoding: gzip, chunked"], .unsupportedTransferCoding, 501),
        (["Transfer-Encoding: gzip"], .unsupportedTransferCoding, 501),
        (["Transfer-Encoding: chunked, gzip"], .unsupportedTransferCoding, 501),
        (["Transfer-Encoding: gzip", "Transfer-Encoding: chunked"], .unsupportedTransferCoding, 501),
        (["Transfer-Encoding: chunked, chunked"], .invalidTransferEncoding, 400),
        (["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], .invalidTransferEncoding, 400),
        (["Transfer-Encoding:"], .invalidTransferEncoding, 400),
    ]

    @Test(arguments: framingRejections)
    func ambiguousOrUnsupportedFramingIsRejected(fields: [String], error: HTTPParseError, status: Int) {
        let failure = verifier.verify(message("POST / HTTP/1.1", ["Host: a"] + fields)).failure
        #expect(failure == error)
        #expect(failure?.status.code == status)
    }

    @Test func transferEncodingOnHTTP10Is400() {
        let input = message("POST / HTTP/1.0", ["Transfer-Encoding: chunked"], body: "0\r\n\r\n")
        let failure = verifier.verify(input).failure
        #expect(failure == .invalidTransferEncoding)
        #expect(failure?.status.code == 400)
    }

    /// RFC 9110 §5.6.1: empty list elements are ignored, and a number may
    /// have any count of leading zeros.
    @Test(arguments: [
        "Transfer-Encoding: chunked,", "Transfer-Encoding: , chunked", "Transfer-Encoding: chunked, ,",
    ])
    func emptyTransferCodingsAreIgnored(field: String) {
        let input = message("POST / HTTP/1.1", ["Host: a", field], body: "1\r\nx\r\n0\r\n\r\n")
        #expect(verifier.verify(input).request?.text == "x")
    }

    @Test func contentLengthMayHaveLeadingZeros() {
        let input = message("POST / HTTP/1.1", ["Host: a", "Content-Length: 00000000000000000003"], body: "abc")
        #expect(verifier.verify(input).request?.text == "abc")
    }

    @Test func transferCodingNameIsCaseInsensitive() {
        let input = message("POST / HTTP/1.1", ["Host: a", "Transfer-Encoding: Chunked"], body: "1\r\nx\r\n0\r\n\r\n")
        #expect(verifier.verify(input).request?.text == "x")
    }

    // MARK: - Limits at their edges

    @Test(arguments: [(8192, nil), (8193, HTTPParseError.targetTooLong)])
    func targetLengthLimit(length: Int, error: HTTPParseError?) {
        let target = "/" + String(repeating: "a", count: length - 1)
        let verification = verifier.verify(message("GET \(target) HTTP/1.1"))
        #expect(verification.failure == error)
        #expect(verification.request?.pathSegments.first?.utf8.count ?? length - 1 == length - 1)
        #expect(verification.failure.map { $0.status.code } ?? 414 == 414)
    }

    /// RFC 9112 §2.2 allows rejecting a bare LF; waiting for a CRLF instead
    /// left the client with a 408 after the request timeout.
    @Test(arguments: [
        "GET / HTTP/1.1\nHost: a\n\n", "GET / HTTP/1.1\r\nHost: a\n\n", "GET / HTTP/1.1\r\nHost: a\r\n\n",
        "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\n",
    ])
    func aBareLFEndingALineIs400AtOnce(input: String) {
        let failure = verifier.verify(input).failure
        #expect(failure == .lineTerminator)
        #expect(failure?.status.code == 400)
    }

    /// A CR that ends one read and its LF that starts the next make an empty
    /// line; the bare LF after it must still be found, though the parser had
    /// already scanned past where it now sits (a second reader found this).
    @Test func aBareLFRightAfterASkippedEmptyLineIsFound() {
        var parser = RequestParser()
        var buffer = InputBuffer(Array("\r".utf8))
        guard case .needMoreData = parser.parse(&buffer, bodyLimit: { _ in 0 }) else {
            Issue.record("a lone CR is the start of a line end")
            return
        }
        buffer.append(Array("\n\nGET / HTTP/1.1\r\n".utf8))
        let event = parser.parse(&buffer) { _ in 0 }
        guard case .failure(.lineTerminator) = event else {
            Issue.record("expected a bare LF failure, got \(event)")
            return
        }
    }

    @Test func requestLineThatNeverEndsFailsWithoutWaitingForIt() {
        let failure = verifier.verify("GET /" + String(repeating: "a", count: 9000)).failure
        #expect(failure == .targetTooLong)
    }

    /// A request line past its limit whose CRLF had come, with a head too
    /// long for the parser's search window, once waited for the 408 (a probe:
    /// 30,000-byte targets, or 9,000 with 16 KiB of fields).
    @Test(arguments: [(30_000, 1), (9_000, 16 * 1024 - 100)])
    func aLongRequestLineIs414EvenWithItsHeadComplete(targetLength: Int, sectionBytes: Int) {
        let target = "/" + String(repeating: "a", count: targetLength - 1)
        let failure = verifier.verify(message("GET \(target) HTTP/1.1", Self.fields(sectionBytes: sectionBytes)))
            .failure
        #expect(failure == .targetTooLong)
    }

    /// Field lines totalling `sectionBytes`, CRLFs included, as `ParserLimits` counts them.
    static func fields(sectionBytes: Int) -> [String] {
        var fields = ["Host: example.com"]
        var remaining = sectionBytes - (fields[0].utf8.count + 2)
        while remaining > 0 {
            let line = min(remaining, 4000)
            let name = "X-Fill-\(fields.count): "
            fields.append(name + String(repeating: "a", count: line - 2 - name.utf8.count))
            remaining -= line
        }
        return fields
    }

    @Test(arguments: [(16 * 1024, nil), (16 * 1024 + 1, HTTPParseError.headerSectionTooLarge)])
    func headerSectionLimit(sectionBytes: Int, error: HTTPParseError?) {
        let fields = Self.fields(sectionBytes: sectionBytes)
        #expect(fields.reduce(0) { $0 + $1.utf8.count + 2 } == sectionBytes)
        let verification = verifier.verify(message("GET / HTTP/1.1", fields))
        #expect(verification.failure == error)
        #expect(verification.failure.map { $0.status.code } ?? 431 == 431)
    }

    @Test func headerSectionThatNeverEndsFailsWithoutWaitingForIt() {
        let input = "GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + String(repeating: "a", count: 17000)
        let failure = verifier.verify(input).failure
        #expect(failure == .headerSectionTooLarge)
    }

    @Test(arguments: [(100, nil), (101, HTTPParseError.tooManyHeaderFields)])
    func fieldCountLimit(count: Int, error: HTTPParseError?) {
        let fields = ["Host: a"] + (1..<count).map { "X-\($0): v" }
        let verification = verifier.verify(message("GET / HTTP/1.1", fields))
        #expect(verification.failure == error)
        #expect(verification.request?.headers.count ?? count == count)
        #expect(verification.failure.map { $0.status.code } ?? 431 == 431)
    }

    @Test(arguments: [(1024, nil), (1025, HTTPParseError.bodyTooLarge)])
    func contentLengthBodyLimit(length: Int, error: HTTPParseError?) {
        let body = String(repeating: "b", count: length)
        let input = message(
            "POST / HTTP/1.1", ["Host: a", "Content-Length: \(length)"], body: error == nil ? body : "")
        let verification = verifier.verify(input)
        #expect(verification.failure == error)
        #expect(verification.request?.body.count ?? length == length)
        #expect(verification.failure.map { $0.status.code } ?? 413 == 413)
    }

    @Test func bodyLimitIsAskedPerRequestWithTheParsedHead() {
        var parser = RequestParser()
        var buffer = InputBuffer(Array(message("POST /big HTTP/1.1", ["Host: a", "Content-Length: 10"]).utf8))
        var asked: [String] = []
        let event = parser.parse(&buffer) { request in
            asked.append(request.path)
            return 9
        }
        #expect(asked == ["/big"])
        guard case .failure(.bodyTooLarge) = event else {
            Issue.record("expected 413, got \(event)")
            return
        }
    }

    // MARK: - Expect: 100-continue (RFC 9110 §10.1.1)

    @Test(arguments: [
        ("Content-Length: 5", "hello"),
        ("Transfer-Encoding: chunked", "5\r\nhello\r\n0\r\n\r\n"),
    ])
    func expectContinueYieldsContinueExpectedBeforeTheBody(framing: String, body: String) throws {
        let input = message("POST / HTTP/1.1", ["Host: a", "Expect: 100-continue", framing], body: body)
        let verification = verifier.verify(input)
        let request = try #require(verification.request)
        #expect(request.text == "hello")
        #expect(verification.byteByByte == [.continueExpected, .request(request)])
    }

    @Test(arguments: [
        message("GET / HTTP/1.1", ["Host: a", "Expect: 100-continue"]),
        message("POST / HTTP/1.1", ["Host: a", "Expect: 100-continue", "Content-Length: 0"]),
        message("POST / HTTP/1.0", ["Expect: 100-continue", "Content-Length: 1"], body: "x"),
    ])
    func noContinueIsExpectedWithoutABodyOrOnHTTP10(input: String) {
        let verification = verifier.verify(input)
        #expect(verification.request != nil)
        #expect(!verification.byteByByte.contains(.continueExpected))
    }

    @Test func continueIsNotPromisedForABodyOverTheLimit() {
        let input = message("POST / HTTP/1.1", ["Host: a", "Expect: 100-continue", "Content-Length: 2000"])
        #expect(verifier.verify(input).byteByByte == [.failure(.bodyTooLarge)])
    }

    @Test(arguments: ["foo", "100-continue, foo", "200-ok"])
    func unknownExpectationIs417(expectation: String) {
        let failure = verifier.verify(message("GET / HTTP/1.1", ["Host: a", "Expect: " + expectation])).failure
        #expect(failure == .unsupportedExpectation)
        #expect(failure?.status.code == 417)
    }
}
