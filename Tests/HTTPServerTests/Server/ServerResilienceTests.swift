import HTTPServer
import TestSupport
import Testing

/// Clients that vanish or crowd in must not hurt the server or other clients.
@Suite struct ServerResilienceTests {
    enum Departure: String, CaseIterable, Sendable {
        case close, reset
    }

    @Test(arguments: Departure.allCases)
    func clientLeavingMidResponseDoesNotHurtTheServer(departure: Departure) throws {
        let server = try startServer()
        defer { server.shutdown() }
        let leaving = try RawHTTPClient(port: server.port)
        try leaving.send(get("/big?bytes=20000000"))
        switch departure {
        case .close: leaving.close()
        case .reset: leaving.reset()
        }

        let next = try RawHTTPClient(port: server.port)
        try next.send(get("/still-here"))
        #expect(try next.readResponse().text == "/still-here")
        next.close()
        #expect(eventually { server.openConnections == 0 })
    }

    @Test func largeResponseArrivesWhole() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/big?bytes=8000000") + get("/after"))
        let response = try client.readResponse()
        #expect(response.body.count == 8_000_000)
        #expect(response.body.allSatisfy { $0 == UInt8(ascii: "x") })
        #expect(try client.readResponse().text == "/after")
    }

    @Test func clientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws {
        let server = try startServer { $0.timeouts = shortTimeouts() }
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/big?bytes=50000000"))
        #expect(eventually { server.openConnections == 0 })
    }

    @Test func clientResettingMidRequestDoesNotHurtTheServer() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let leaving = try RawHTTPClient(port: server.port)
        try leaving.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc")
        leaving.reset()
        let next = try RawHTTPClient(port: server.port)
        try next.send(get("/ok"))
        #expect(try next.readResponse().status == 200)
    }

    /// The response reaches a client that half-closes after sending its request.
    @Test func halfClosedClientStillGetsItsResponse() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/sleep?ms=100"))
        client.shutdownWriting()
        let response = try client.readResponse()
        #expect(response.text == "slept")
        #expect(response.header("Connection") == "close")
        #expect(try client.isClosedByPeer())
    }

    /// Half-closing after a burst of pipelined requests still gets every answer.
    @Test func halfClosedClientGetsEveryPipelinedResponse() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/sleep?ms=100") + get("/two") + get("/three"))
        client.shutdownWriting()
        #expect(try client.readResponse().text == "slept")
        #expect(try client.readResponse().text == "/two")
        let last = try client.readResponse()
        #expect(last.text == "/three")
        #expect(last.header("Connection") == "close")
        #expect(try client.isClosedByPeer())
    }

    /// With no room left in the worker queue, requests are refused at once rather
    /// than queued without bound; inline routes never need a worker.
    @Test func fullWorkerQueueAnswers503WithRetryAfter() throws {
        let server = try startServer { $0.maxQueuedRequests = 0 }
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/inline/fine"))
        #expect(try client.readResponse().text == "/inline/fine")
        try client.send(get("/needs-a-worker"))
        let response = try client.readResponse()
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "1")
        #expect(response.header("Connection") == "close")
        #expect(try client.isClosedByPeer())
    }

    @Test func twoHundredConcurrentConnectionsAreAllServed() throws {
        let server = try startServer { $0.ioThreads = 2 }
        defer { server.shutdown() }
        let clients = try (0..<200).map { _ in try RawHTTPClient(port: server.port) }
        for round in 0..<3 {
            for (i, client) in clients.enumerated() {
                try client.send(i % 2 == 0 ? get("/c/\(i)/\(round)") : post("/echo", body: "/c/\(i)/\(round)"))
            }
            for (i, client) in clients.enumerated() {
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "/c/\(i)/\(round)")
            }
        }
        #expect(server.openConnections == 200)
    }
}
