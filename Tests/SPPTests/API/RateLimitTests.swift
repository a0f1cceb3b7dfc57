import TestSupport
import Testing

@Suite struct RateLimitTests {
    @Test func anonymousClientsAreLimitedPerMinuteWithRetryAfter() throws {
        let clock = FixedClock("2026-11-28T09:30:10Z")
        let server = try TestServer(clock: clock) { $0.rateLimit = 3 }
        defer { server.stop() }
        for remaining in [2, 1, 0] {
            let response = try server.request("GET", "/openapi.yaml", key: nil)
            #expect(response.status == 200)
            #expect(response.header("RateLimit-Remaining") == String(remaining))
        }
        let limited = try server.request("GET", "/openapi.yaml", key: nil)
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "50")
        #expect(limited.header("Content-Type") == "application/problem+json")
        clock.advance(seconds: 50)
        #expect(try server.request("GET", "/openapi.yaml", key: nil).status == 200)
    }

    @Test func healthProbesAreNotLimited() throws {
        let server = try TestServer { $0.rateLimit = 1 }
        defer { server.stop() }
        for _ in 0..<3 { #expect(try server.request("GET", "/healthz", key: nil).status == 200) }
    }

    @Test func adminKeysAreNotLimited() throws {
        let server = try TestServer { $0.rateLimit = 2 }
        defer { server.stop() }
        for _ in 0..<5 { #expect(try server.request("GET", "/v1/api-keys").status == 200) }
    }

    @Test func zeroTurnsLimitingOff() throws {
        let server = try TestServer { $0.rateLimit = 0 }
        defer { server.stop() }
        for _ in 0..<5 {
            let response = try server.request("GET", "/openapi.yaml", key: nil)
            #expect(response.status == 200)
            #expect(response.header("RateLimit-Limit") == nil)
        }
    }
}
