import HTTPServer
import TestSupport
import Testing

@Suite struct RouterTests {
    /// Handlers are their own route names, so a match says which route won.
    static let router: Router<String> = {
        var router = Router<String>()
        router.add(.get, "/v1/schools", "list schools")
        router.add(.post, "/v1/schools", "create school")
        router.add(.get, "/v1/schools/{urn}", "get school")
        router.add(.patch, "/v1/schools/{urn}", "patch school")
        router.add(.post, "/v1/schools/import", "import schools")
        router.add(.get, "/v1/partnerships/{id}/members/{urn}", "get member")
        router.add(.head, "/v1/ping", "head ping")
        router.add(.get, "/v1/ping", "get ping")
        router.add(.get, "/v1/a/{id}", "get a")
        router.add(.get, "/v1/a/b/c", "get a/b/c")
        router.add(.get, "/", "root")
        return router
    }()

    static func route(_ method: HTTPMethod, _ path: String) -> (String, [String: String])? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard case .found(let handler, let parameters, _) = router.match(method, path == "/" ? [] : segments) else {
            return nil
        }
        return (handler, parameters)
    }

    static let matches: [(HTTPMethod, String, String, [String: String])] = [
        (.get, "/v1/schools", "list schools", [:]),
        (.post, "/v1/schools", "create school", [:]),
        (.get, "/v1/schools/123456", "get school", ["urn": "123456"]),
        (.patch, "/v1/schools/123456", "patch school", ["urn": "123456"]),
        (.post, "/v1/schools/import", "import schools", [:]),
        (.get, "/v1/partnerships/7/members/100001", "get member", ["id": "7", "urn": "100001"]),
        (.head, "/v1/schools/1", "get school", ["urn": "1"]),
        (.head, "/v1/ping", "head ping", [:]),
        (.get, "/v1/a/b/c", "get a/b/c", [:]),
        (.get, "/", "root", [:]),
    ]

    @Test(arguments: matches)
    func requestFindsItsRouteAndParameters(
        method: HTTPMethod, path: String, handler: String, parameters: [String: String]
    ) {
        let found = Self.route(method, path)
        #expect(found?.0 == handler)
        #expect(found?.1 == parameters)
    }

    @Test func literalSegmentBeatsParameter() {
        #expect(Self.route(.post, "/v1/schools/import")?.0 == "import schools")
        #expect(Self.route(.post, "/v1/schools/other") == nil)
    }

    /// `/v1/a/b` only exists as a prefix of `/v1/a/b/c`; it must fall back to `/v1/a/{id}`.
    @Test func literalPrefixOfALongerRouteDoesNotHideAParameterRoute() {
        #expect(Self.route(.get, "/v1/a/b")?.0 == "get a")
        #expect(Self.route(.get, "/v1/a/b")?.1 == ["id": "b"])
    }

    @Test func patternsAreKeptAsWritten() {
        guard case .found(_, _, let pattern) = Self.router.match(.get, ["v1", "schools", "9"]) else {
            Issue.record("no match")
            return
        }
        #expect(pattern == "/v1/schools/{urn}")
    }

    static let notFound = ["/v1", "/v1/nothing", "/v1/schools/1/extra", "/v1/schools/", "/v1/partnerships/7/members"]

    @Test(arguments: notFound)
    func unknownPathIs404(path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard case .notFound = Self.router.match(.get, segments) else {
            Issue.record("\(path) should be 404")
            return
        }
    }

    static let notAllowed: [(HTTPMethod, String, [HTTPMethod])] = [
        (.delete, "/v1/schools", [.get, .head, .options, .post]),
        (.put, "/v1/schools/1", [.get, .head, .options, .patch]),
        (.get, "/v1/schools/import", [.options, .post]),
        (.options, "/v1/ping", [.get, .head, .options]),
    ]

    @Test(arguments: notAllowed)
    func knownPathWithOtherMethodIs405WithAllow(method: HTTPMethod, path: String, allow: [HTTPMethod]) {
        let segments = path.split(separator: "/").map(String.init)
        guard case .methodNotAllowed(let allowed) = Self.router.match(method, segments) else {
            Issue.record("\(method) \(path) should be 405")
            return
        }
        #expect(allowed == allow)
    }

    /// The parser decodes segments before routing, so parameters arrive decoded
    /// and an encoded slash cannot reach another route.
    @Test func parametersArriveDecoded() throws {
        let request = try #require(verifier.verify(message("GET /v1/schools/a%20b%2Fc HTTP/1.1")).request)
        guard case .found(_, let parameters, _) = Self.router.match(.get, request.pathSegments) else {
            Issue.record("no match")
            return
        }
        #expect(parameters == ["urn": "a b/c"])
    }
}
