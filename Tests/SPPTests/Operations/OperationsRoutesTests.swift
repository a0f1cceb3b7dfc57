import Foundation
import TestSupport
import Testing

@Suite struct OperationsRoutesTests {
    @Test func healthzAnswersWithoutAKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/healthz", key: nil)
        #expect(response.status == 200)
        #expect(response.json["status"]?.string == "ok")
    }

    @Test func readyzReportsTheMigratedSchema() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/readyz", key: nil)
        #expect(response.status == 200)
        let files = try FileManager.default.contentsOfDirectory(atPath: TestServer.resources.migrationsPath)
        #expect(response.json["schemaVersion"]?.int == files.filter { $0.hasSuffix(".sql") }.count)
    }

    @Test func openAPIDocumentIsServed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/openapi.yaml", key: nil)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/yaml")
        #expect(response.text.hasPrefix("openapi: 3.1"))
    }

    /// Every route the server registers appears in openapi.yaml, written the
    /// same way and with the same query parameters: the ones a route declares
    /// are the only ones it accepts.
    @Test func everyRouteIsDocumentedInOpenAPI() throws {
        let server = try TestServer()
        defer { server.stop() }
        let document = try String(contentsOfFile: TestServer.resources.path + "/openapi.yaml", encoding: .utf8)
        for route in server.app.routes {
            #expect(document.contains("\n  \(route.pattern):\n"), "\(route.pattern) is not in openapi.yaml")
            let documented = Self.queryParameters(in: document, route.method.rawValue.lowercased(), route.pattern)
            #expect(route.query == documented, "\(route.method) \(route.pattern)")
        }
    }

    /// The query parameters openapi.yaml lists for one operation, read from
    /// the document's own layout: a path at two spaces, its operations at
    /// four, their parameters inline (`{ name: x, in: query, … }`) or as
    /// `$ref`s to `limit` and `cursor`.
    private static func queryParameters(in document: String, _ method: String, _ pattern: String) -> Set<String> {
        let lines = document.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "  \(pattern):") else { return [] }
        var names = Set<String>()
        var operation = ""
        for line in lines[(start + 1)...] {
            if line.hasPrefix("  ") && !line.hasPrefix("   ") || !line.hasPrefix(" ") && !line.isEmpty { break }
            if line.hasPrefix("    ") && !line.hasPrefix("     ") && line.hasSuffix(":") {
                operation = line.trimmingCharacters(in: .whitespaces).dropLast().description
                continue
            }
            guard operation == method || operation == "parameters" else { continue }
            if line.contains("in: query"), let name = line.firstMatch(of: /name: ([A-Za-z]+),/)?.1 {
                names.insert(String(name))
            } else if let ref = line.firstMatch(of: /#\/components\/parameters\/(limit|cursor)"/)?.1 {
                names.insert(String(ref))
            }
        }
        return names
    }
}

@Suite struct MetricsTests {
    @Test func metricsCountRequestsByRoutePatternAndNeedAnAdminKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        _ = try server.request("GET", "/healthz", key: nil)
        _ = try server.request("DELETE", "/v1/api-keys/12345")
        #expect(try server.request("GET", "/metrics", key: nil).status == 401)
        let response = try server.request("GET", "/metrics")
        #expect(response.status == 200)
        #expect(response.text.contains(#"spp_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
        #expect(response.text.contains(#"route="/v1/api-keys/{id}",status="404""#))
        #expect(response.text.contains("spp_http_request_duration_seconds_bucket"))
        #expect(response.text.contains("spp_open_connections 1"))
    }

    /// Requests that never parsed (a probe sent hundreds) were missing from
    /// the metrics: they have no route, so they are counted by status alone.
    @Test func requestsThatNeverParsedAreCountedByStatus() throws {
        let server = try TestServer()
        defer { server.stop() }
        for (bytes, status) in [
            ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
            ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
        ] {
            let client = try RawHTTPClient(port: server.port)
            try client.send(bytes)
            #expect(try client.readResponse().status == status)
        }
        let metrics = try server.request("GET", "/metrics").text
        #expect(metrics.contains(#"spp_http_unparsed_requests_total{status="400"} 2"#))
        #expect(metrics.contains(#"spp_http_unparsed_requests_total{status="414"} 1"#))
    }
}
