import HTTPServer
import TestSupport
import Testing

/// Target forms (RFC 9112 §3.2) and percent-decoding (RFC 3986 §2.1): segments
/// are split before decoding, so an encoded slash stays inside its segment.
@Suite struct RequestTargetTests {
    typealias Field = ParsedRequest.Field

    static let decodings: [(String, [String], [Field])] = [
        ("/", [], []),
        ("/a/b", ["a", "b"], []),
        ("/a/", ["a", ""], []),
        ("//", ["", ""], []),
        ("/a%2Fb/c", ["a/b", "c"], []),
        ("/a%2fb", ["a/b"], []),
        ("/caf%C3%A9", ["café"], []),
        ("/a+b", ["a+b"], []),
        ("/a%20b", ["a b"], []),
        ("/s?q=a+b", ["s"], [Field("q", "a b")]),
        ("/s?q=a%2Bb&x=%26", ["s"], [Field("q", "a+b"), Field("x", "&")]),
        ("/s?a=1&&b&c=", ["s"], [Field("a", "1"), Field("b", ""), Field("c", "")]),
        ("/s?a=1=2", ["s"], [Field("a", "1=2")]),
        ("/s?", ["s"], []),
        ("/?x=1", [], [Field("x", "1")]),
        ("http://example.com/a/b?x=1", ["a", "b"], [Field("x", "1")]),
        ("HTTPS://example.com:8443/a", ["a"], []),
        ("http://example.com", [], []),
        ("http://example.com?x=1", [], [Field("x", "1")]),
    ]

    @Test(arguments: decodings)
    func targetIsSplitThenDecoded(target: String, segments: [String], query: [Field]) throws {
        let request = try #require(verifier.verify(message("GET \(target) HTTP/1.1")).request)
        #expect(request.pathSegments == segments)
        #expect(request.query == query)
        #expect(request.target == target)
    }

    @Test func asteriskFormIsAcceptedForOptions() throws {
        let request = try #require(verifier.verify(message("OPTIONS * HTTP/1.1")).request)
        #expect(request.pathSegments == ["*"])
        #expect(request.query.isEmpty)
    }

    static let rejections = [
        "GET /%zz", "GET /%2", "GET /a%", "GET /%FF", "GET /?q=%zz", "GET /?%C3=1", "GET *", "OPTIONS */a",
        "GET a/b", "GET ftp://example.com/a", "GET http://", "GET /a#frag", "GET /?q=1#", "GET http://h/#x",
    ]

    @Test(arguments: rejections)
    func badTargetIs400(requestLineStart: String) {
        let failure = verifier.verify(message(requestLineStart + " HTTP/1.1")).failure
        #expect(failure == .invalidTarget)
        #expect(failure?.status.code == 400)
    }
}
