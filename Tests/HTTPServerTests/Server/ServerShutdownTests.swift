import Dispatch
import Glibc
import HTTPServer
import TestSupport
import Testing

/// Graceful shutdown (CONTRACT §4): stop accepting, let in-flight requests
/// finish, answer new ones on open connections with `503` and `Connection: close`.
@Suite struct ServerShutdownTests {
    @Test func shutdownDrainsInFlightRequestsAndRefusesNewOnes() throws {
        let application = TestApplication()
        let server = try startServer(application)
        let port = server.port
        let idle = try RawHTTPClient(port: port)
        try idle.send(get("/warm-up"))
        #expect(try idle.readResponse().status == 200)

        let slow = try RawHTTPClient(port: port)
        try slow.send(get("/sleep?ms=1000"))
        #expect(application.slowStarted.wait(timeout: .now() + 5) == .success)

        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            server.shutdown()
            stopped.signal()
        }
        // Draining has begun once the listener is gone.
        #expect(eventually { (try? RawHTTPClient(port: port)) == nil })

        try idle.send(get("/too-late"))
        let refused = try idle.readResponse()
        #expect(refused.status == 503)
        #expect(refused.header("Connection") == "close")
        #expect(refused.header("Content-Type") == "application/problem+json")
        #expect(refused.header("X-Decorated-For") == "/too-late")
        #expect(try idle.isClosedByPeer())

        let finished = try slow.readResponse()
        #expect(finished.status == 200)
        #expect(finished.text == "slept")
        #expect(finished.header("Connection") == "close")

        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(throws: RawHTTPClientError.system(call: "connect", errno: ECONNREFUSED)) {
            try RawHTTPClient(port: port)
        }
        #expect(server.openConnections == 0)
    }

    @Test func shutdownGivesUpOnRequestsThatOutlastTheDrainTimeout() throws {
        let application = TestApplication()
        let server = try startServer(application) { $0.drainTimeout = .milliseconds(200) }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/sleep?ms=1500"))
        #expect(application.slowStarted.wait(timeout: .now() + 5) == .success)
        let started = ContinuousClock.now
        server.shutdown()
        #expect(elapsed(since: started) < 1)
        #expect(try client.isClosedByPeer())
    }

    @Test func shutdownOfAnIdleServerReturnsPromptlyAndTwiceIsHarmless() throws {
        let server = try startServer()
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/a"))
        #expect(try client.readResponse().status == 200)
        let started = ContinuousClock.now
        server.shutdown()
        server.shutdown()
        #expect(elapsed(since: started) < 1)
        #expect(try client.isClosedByPeer())
    }
}
