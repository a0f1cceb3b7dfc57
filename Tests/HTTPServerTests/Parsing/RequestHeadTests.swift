import HTTPServer
import TestSupport
import Testing

/// The request line and the field lines (RFC 9112 §3, §5): what is accepted,
/// and the error and status of each rejection.
@Suite struct RequestHeadTests {
    @Test func validRequestYieldsMethodPathQueryHeadersAndBody() throws {
        let input = message(
            "POST /v1/schools?limit=5 HTTP/1.1",
            ["Host: example.com", "Content-Type: text/plain", "Content-Length: 5"],
            body: "hello")
        let request = try #require(verifier.verify(input).request)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/schools?limit=5")
        #expect(request.pathSegments == ["v1", "schools"])
        #expect(request.query == [.init("limit", "5")])
        #expect(request.version == .http11)
        #expect(
            request.headers == [
                .init("Host", "example.com"), .init("Content-Type", "text/plain"), .init("Content-Length", "5"),
            ])
        #expect(request.text == "hello")
    }

    /// RFC 9110 §2.5: a later minor version of HTTP/1 is answered as 1.1, not 505.
    @Test(arguments: ["HTTP/1.2", "HTTP/1.9"])
    func aLaterMinorVersionIsReadAsHTTP11(version: String) throws {
        let request = try #require(verifier.verify(message("GET / \(version)")).request)
        #expect(request.version == .http11)
    }

    @Test func fieldValuesLoseSurroundingWhitespaceButKeepInnerWhitespace() throws {
        let request = try #require(verifier.verify(message("GET / HTTP/1.1", ["Host: x", "X-A: \t a  b \t"])).request)
        #expect(request.headers.last == .init("X-A", "a  b"))
    }

    @Test func emptyFieldValueAndObsTextAreAccepted() throws {
        var bytes = Array(message("GET / HTTP/1.1", ["Host: x", "X-Empty:", "X-Latin: caf"]).utf8)
        bytes.insert(0xE9, at: bytes.count - 4)  // obs-text after "caf"
        let request = try #require(verifier.verify(bytes).request)
        #expect(request.headers[1] == .init("X-Empty", ""))
        #expect(request.headers[2].name == "X-Latin")
    }

    static let requestLineRejections: [(String, HTTPParseError, Int)] = [
        ("GET / HTTP/2.0", .unsupportedVersion, 505),
        ("GET / HTTP/0.9", .unsupportedVersion, 505),
        ("GET / HTTP/1.x", .invalidVersion, 400),
        ("GET / HTTPS/1.1", .invalidVersion, 400),
        ("GET / http/1.1", .invalidVersion, 400),
        ("GET / HTTP/1.1 ", .invalidTarget, 400),
        ("BREW / HTTP/1.1", .unknownMethod, 501),
        ("get / HTTP/1.1", .unknownMethod, 501),
        ("G(T / HTTP/1.1", .invalidMethod, 400),
        ("GE\u{0}T / HTTP/1.1", .invalidMethod, 400),
        ("GET /a\u{0}b HTTP/1.1", .invalidTarget, 400),
        ("GET /a\rb HTTP/1.1", .invalidTarget, 400),
        ("GET /a\nb HTTP/1.1", .lineTerminator, 400),
        ("G\rET / HTTP/1.1", .invalidMethod, 400),
        ("GET /a\u{7F} HTTP/1.1", .invalidTarget, 400),
        ("GET /a b HTTP/1.1", .invalidTarget, 400),
        ("GET  / HTTP/1.1", .invalidTarget, 400),
        ("GET /", .malformedRequestLine, 400),
        ("GET HTTP/1.1", .malformedRequestLine, 400),
        (" / HTTP/1.1", .malformedRequestLine, 400),
        ("GET\t/\tHTTP/1.1", .malformedRequestLine, 400),
    ]

    @Test(arguments: requestLineRejections)
    func malformedRequestLineIsRejected(requestLine: String, error: HTTPParseError, status: Int) {
        let failure = verifier.verify(message(requestLine)).failure
        #expect(failure == error)
        #expect(failure?.status.code == status)
    }

    static let fieldRejections: [(String, HTTPParseError)] = [
        (" X-Folded: more", .obsoleteLineFolding),
        ("\tX-Folded: more", .obsoleteLineFolding),
        ("X-A : 1", .whitespaceBeforeColon),
        ("X-A\t: 1", .whitespaceBeforeColon),
        ("X-A: a\u{0}b", .invalidHeaderField),
        ("X-A: a\rb", .invalidHeaderField),
        ("X-A: a\nb", .lineTerminator),
        ("X-A: a\u{7F}", .invalidHeaderField),
        ("X-A\nX-B: b", .lineTerminator),
        ("X(A): 1", .invalidHeaderField),
        ("X\u{0}A: 1", .invalidHeaderField),
        ("X\rA: 1", .invalidHeaderField),
        ("Caf\u{E9}: 1", .invalidHeaderField),
        ("NoColon", .invalidHeaderField),
        (": no name", .invalidHeaderField),
    ]

    @Test(arguments: fieldRejections)
    func malformedFieldLineIs400(field: String, error: HTTPParseError) {
        let failure = verifier.verify(message("GET / HTTP/1.1", ["Host: example.com", field])).failure
        #expect(failure == error)
        #expect(failure?.status.code == 400)
    }

    @Test func obsFoldRightAfterTheRequestLineIs400() {
        #expect(verifier.verify(message("GET / HTTP/1.1", [" Host: example.com"])).failure == .obsoleteLineFolding)
    }

    static let hostRules: [(String, [String], HTTPParseError?)] = [
        ("HTTP/1.1", [], .missingHost),
        ("HTTP/1.1", ["Host: a", "Host: b"], .duplicateHost),
        ("HTTP/1.1", ["Host: a", "host: a"], .duplicateHost),
        ("HTTP/1.1", ["hOsT: a"], nil),
        ("HTTP/1.0", [], nil),
        ("HTTP/1.0", ["Host: a"], nil),
        // Never two, on any version; and each a host with an optional port (RFC 9112 §3.2).
        ("HTTP/1.0", ["Host: a", "Host: b"], .duplicateHost),
        ("HTTP/1.1", ["Host:"], nil),
        ("HTTP/1.1", ["Host: 127.0.0.1:8080"], nil),
        ("HTTP/1.1", ["Host: [::1]:8080"], nil),
        ("HTTP/1.1", ["Host: xn--bcher-kva.example:"], nil),
        ("HTTP/1.1", ["Host: a%2Db.example"], nil),
        ("HTTP/1.1", ["Host: a b c"], .invalidHost),
        ("HTTP/1.1", ["Host: user@x"], .invalidHost),
        ("HTTP/1.1", ["Host: /?#[]"], .invalidHost),
        ("HTTP/1.1", ["Host: a:8o"], .invalidHost),
        ("HTTP/1.1", ["Host: a:1:2"], .invalidHost),
        ("HTTP/1.1", ["Host: [::1"], .invalidHost),
        ("HTTP/1.1", ["Host: []"], .invalidHost),
        ("HTTP/1.1", ["Host: a%zz"], .invalidHost),
        ("HTTP/1.0", ["Host: é.example"], .invalidHost),
    ]

    @Test(arguments: hostRules)
    func http11NeedsExactlyOneHost(version: String, fields: [String], error: HTTPParseError?) {
        let verification = verifier.verify(message("GET / " + version, fields))
        #expect(verification.failure == error)
        #expect(verification.failure?.status.code ?? 200 == (error == nil ? 200 : 400))
    }

    static let keepAliveRules: [(String, [String], Bool)] = [
        ("HTTP/1.1", [], true),
        ("HTTP/1.1", ["Connection: close"], false),
        ("HTTP/1.1", ["Connection: keep-alive, CLOSE"], false),
        ("HTTP/1.1", ["Connection: upgrade", "Connection: close"], false),
        ("HTTP/1.1", ["Connection: keep-alive"], true),
        ("HTTP/1.0", [], false),
        ("HTTP/1.0", ["Connection: Keep-Alive"], true),
        ("HTTP/1.0", ["Connection: close"], false),
    ]

    @Test(arguments: keepAliveRules)
    func keepAliveFollowsVersionAndConnectionHeader(version: String, fields: [String], keepAlive: Bool) throws {
        let request = try #require(verifier.verify(message("GET / " + version, ["Host: a"] + fields)).request)
        #expect(request.keepAlive == keepAlive)
        #expect(request.version == (version == "HTTP/1.0" ? .http10 : .http11))
    }

    static let requestIDs: [(String, Bool)] = [
        ("abc-123_X.y:z", true),
        (String(repeating: "a", count: 128), true),
        (String(repeating: "a", count: 129), false),
        ("has space", false),
        ("semi;colon", false),
        ("quote\"", false),
        ("", false),
    ]

    @Test(arguments: requestIDs)
    func requestIDIsEchoedOnlyWhenSane(id: String, echoed: Bool) throws {
        let input = message("GET / HTTP/1.1", ["Host: a", "X-Request-Id: " + id])
        let request = try #require(verifier.verify(input).request)
        #expect(request.echoedRequestID == (echoed ? id : nil))
    }

    @Test func requestIDIsGeneratedAndUniqueWhenAbsent() throws {
        var parser = RequestParser()
        var buffer = InputBuffer(Array((message() + message()).utf8))
        guard case .request(let first) = parser.parse(&buffer, bodyLimit: { _ in 0 }),
            case .request(let second) = parser.parse(&buffer, bodyLimit: { _ in 0 })
        else {
            Issue.record("two requests expected")
            return
        }
        #expect(!first.requestID.isEmpty)
        #expect(first.requestID != second.requestID)
        #expect(verifier.verify(message()).request?.echoedRequestID == nil)
    }

    @Test func allImplementedMethodsAreAccepted() {
        for method in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
            #expect(verifier.verify(message(method + " / HTTP/1.1")).request?.method == method)
        }
    }
}
