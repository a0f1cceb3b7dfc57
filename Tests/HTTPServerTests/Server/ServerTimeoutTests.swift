import HTTPServer
import TestSupport
import Testing

/// Timeouts over real sockets, with one-second limits so waiting for them stays short.
@Suite struct ServerTimeoutTests {
    @Test func slowHeadGets408WhileOtherClientsAreServed() throws {
        let server = try startServer { $0.timeouts = shortTimeouts(header: .seconds(1)) }
        defer { server.shutdown() }
        let slow = try RawHTTPClient(port: server.port)
        let started = ContinuousClock.now
        try slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n")

        let fast = try RawHTTPClient(port: server.port)
        try fast.send(get("/fast"))
        #expect(try fast.readResponse().text == "/fast")
        #expect(elapsed(since: started) < 0.9)

        let response = try slow.readResponse()
        #expect(response.status == 408)
        #expect(response.header("Connection") == "close")
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(elapsed(since: started) >= 0.9)
        #expect(try slow.isClosedByPeer())
    }

    @Test func stalledBodyGets408() throws {
        let server = try startServer { $0.timeouts = shortTimeouts() }
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nX-Request-Id: r-9\r\nContent-Length: 10\r\n\r\nabc")
        let response = try client.readResponse()
        #expect(response.status == 408)
        // Its head was read: the answer is the application's like any other (it was once bare).
        #expect(response.header("X-Decorated-For") == "/echo")
        #expect(response.header("X-Request-Id") == "r-9")
        #expect(try client.isClosedByPeer())
    }

    @Test func idleKeepAliveConnectionIsClosedSilently() throws {
        let server = try startServer { $0.timeouts = shortTimeouts(keepAlive: .milliseconds(500)) }
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/once"))
        #expect(try client.readResponse().status == 200)
        let idleSince = ContinuousClock.now
        #expect(try client.isClosedByPeer(timeout: .seconds(2)))
        #expect(elapsed(since: idleSince) >= 0.4)
    }

    @Test func connectionThatNeverSendsIsClosedAfterTheKeepAliveTimeout() throws {
        let server = try startServer { $0.timeouts = shortTimeouts(keepAlive: .milliseconds(500)) }
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        #expect(try client.isClosedByPeer(timeout: .seconds(2)))
    }

    /// A slow handler is not the client's fault: no timeout runs while it works.
    @Test func slowHandlerOutlivesEveryClientTimeout() throws {
        let server = try startServer {
            $0.timeouts = shortTimeouts(header: .milliseconds(300), keepAlive: .milliseconds(300))
        }
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/sleep?ms=700"))
        #expect(try client.readResponse().text == "slept")
    }
}
