import HTTPServer
import TestSupport
import Testing

@testable import SPP

@Suite struct CORSTests {
    private func server() throws -> TestServer {
        try TestServer { $0.corsOrigins = ["https://partners.example"] }
    }

    @Test func allowedOriginGetsHeadersOnSuccessErrorsAnd304() throws {
        let server = try server()
        defer { server.stop() }
        let origin = ("Origin", "https://partners.example")
        let ok = try server.request("GET", "/v1/api-keys", headers: [origin])
        #expect(ok.header("Access-Control-Allow-Origin") == "https://partners.example")
        #expect(ok.header("Access-Control-Expose-Headers")?.contains("ETag") == true)
        #expect(ok.headers.filter { $0.name == "Vary" }.map(\.value) == ["Accept", "Origin"])
        let error = try server.request("GET", "/v1/api-keys", key: nil, headers: [origin])
        #expect(error.status == 401)
        #expect(error.header("Access-Control-Allow-Origin") == "https://partners.example")
        let notModified = try server.request(
            "GET", "/v1/api-keys", headers: [origin, ("If-None-Match", ok.header("ETag")!)])
        #expect(notModified.status == 304)
        #expect(notModified.header("Access-Control-Allow-Origin") == "https://partners.example")
    }

    /// The engine's own answers to a parsed request went out without the
    /// CORS headers (a browser saw a network error, not the 413), without
    /// `X-Request-Id`, and uncounted in the metrics.
    @Test func engineAnswersCarryCORSAndTheRequestIdAndAreCounted() throws {
        let server = try server()
        defer { server.stop() }
        let head =
            "POST /v1/trusts HTTP/1.1\r\nHost: t\r\nOrigin: https://partners.example\r\nX-Request-Id: r-1\r\n"
            + "Authorization: Bearer \(server.adminKey)\r\nContent-Type: application/json\r\n"
        for (framing, status) in [
            ("Content-Length: 2000000\r\n\r\n", 413), ("Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
            ("Content-Length: 9\r\n\r\n", 401),
        ] {
            let client = try RawHTTPClient(port: server.port)
            // Without a key, the refusal comes before the body.
            let authorization = "Authorization: Bearer \(server.adminKey)\r\n"
            try client.send((status == 401 ? head.replacingOccurrences(of: authorization, with: "") : head) + framing)
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.header("Access-Control-Allow-Origin") == "https://partners.example", "\(status)")
            #expect(response.header("X-Request-Id") == "r-1", "\(status)")
        }
        let metrics = try server.request("GET", "/metrics").text
        for status in [413, 400, 401] {
            #expect(
                metrics.contains(#"spp_http_requests_total{method="POST",route="/v1/trusts",status="\#(status)"} 1"#))
        }
    }

    @Test func otherOriginsGetNoCORSHeaders() throws {
        let server = try server()
        defer { server.stop() }
        let response = try server.request("GET", "/healthz", key: nil, headers: [("Origin", "https://evil.example")])
        #expect(response.status == 200)
        #expect(response.header("Access-Control-Allow-Origin") == nil)
        #expect(response.header("Vary") == "Origin")
    }

    @Test func preflightAllowsTheContractHeaders() throws {
        let server = try server()
        defer { server.stop() }
        let response = try server.request(
            "OPTIONS", "/v1/api-keys", key: nil,
            headers: [
                ("Origin", "https://partners.example"), ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "Authorization, Content-Type"),
            ])
        #expect(response.status == 204)
        #expect(response.header("Access-Control-Allow-Origin") == "https://partners.example")
        #expect(response.header("Access-Control-Allow-Methods")?.contains("POST") == true)
        for header in ["Authorization", "Content-Type", "If-None-Match", "If-Match", "Idempotency-Key"] {
            #expect(response.header("Access-Control-Allow-Headers")?.contains(header) == true)
        }
    }

    /// The engine's own 503s (draining, overloaded) get the same CORS headers.
    @Test func engineMadeResponsesAreDecoratedForAllowedOrigins() {
        let cors = CORSMiddleware(allowedOrigins: ["https://partners.example"])
        let request = Request(
            method: .get, target: "/v1/schools", pathSegments: ["v1", "schools"],
            headers: ["Origin": "https://partners.example"])
        let decorated = cors.decorated(Response.problem(.serviceUnavailable, detail: "draining"), for: request)
        #expect(decorated.headers["Access-Control-Allow-Origin"] == "https://partners.example")
        #expect(decorated.headers["Access-Control-Expose-Headers"]?.contains("Retry-After") == true)
        #expect(decorated.headers["Vary"] == "Origin")
        var other = request
        other.headers = ["Origin": "https://evil.example"]
        #expect(
            cors.decorated(Response.problem(.serviceUnavailable, detail: "x"), for: other)
                .headers["Access-Control-Allow-Origin"] == nil)
    }
}
