import HTTPServer
import Testing

@Suite struct ResponseTests {
    @Test func problemIsAnRFC9457DocumentWithItsMediaType() {
        let response = Response.problem(.notFound, detail: "No such school.")
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"type":"about:blank","title":"Not Found","status":404,"detail":"No such school."}"#)
    }

    @Test func problemDetailIsEscapedAsJSON() {
        let body = String(decoding: Response.problem(.badRequest, detail: "a\"b\\c\nd\u{1}").body, as: UTF8.self)
        #expect(body.hasSuffix(#""detail":"a\"b\\c\u000ad\u0001"}"#))
    }

    @Test(arguments: [
        (HTTPParseError.unsupportedVersion, 505), (.unknownMethod, 501), (.unsupportedTransferCoding, 501),
        (.targetTooLong, 414), (.headerSectionTooLarge, 431), (.tooManyHeaderFields, 431), (.bodyTooLarge, 413),
        (.unsupportedExpectation, 417), (.obsoleteLineFolding, 400), (.invalidChunk, 400), (.invalidHost, 400),
    ])
    func everyParseErrorKnowsItsStatus(error: HTTPParseError, status: Int) {
        #expect(error.status.code == status)
        #expect(!error.detail.isEmpty)
    }
}
