import Glibc
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

    /// Clients with a valid key could drip large bodies on many connections
    /// and make the server hold each whole body: all large bodies arriving
    /// together now share one budget, and one that would pass it is a 503.
    @Test func largeBodiesArrivingTogetherShareOneBudget() throws {
        let server = try startServer { $0.maxBufferedBodyBytes = 100_000 }
        defer { server.shutdown() }
        let head = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 90000\r\n\r\n"
        let first = try RawHTTPClient(port: server.port)
        try first.send(head + "start")
        #expect(try eventually { server.openConnections == 1 })
        usleep(200_000)  // for the server to read the start of the first body and take its share
        let second = try RawHTTPClient(port: server.port)
        try second.send(head + "start")
        let refused = try second.readResponse()
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        #expect(refused.header("X-Decorated-For") == "/echo")
        // Bodies up to 64 KiB are not counted: this one arrives in two parts
        // while the first body holds 90,000 of the 100,000.
        let small = try RawHTTPClient(port: server.port)
        try small.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 60000\r\n\r\n" + String(repeating: "z", count: 100))
        usleep(100_000)
        try small.send(String(repeating: "z", count: 59_900))
        #expect(try small.readResponse().status == 200)
        // The first body completes, and its share is given back.
        try first.send(String(repeating: "x", count: 90_000 - 5))
        #expect(try first.readResponse().body.count == 90_000)
        let third = try RawHTTPClient(port: server.port)
        try third.send(head + String(repeating: "y", count: 90_000))
        #expect(try third.readResponse().status == 200)
        // So is the share of a client that leaves in the middle of its body.
        let leaving = try RawHTTPClient(port: server.port)
        try leaving.send(head + "start")
        usleep(100_000)
        leaving.close()
        usleep(100_000)
        let fourth = try RawHTTPClient(port: server.port)
        try fourth.send(head + String(repeating: "w", count: 90_000))
        #expect(try fourth.readResponse().status == 200)
        // A body larger than the whole budget takes all of it rather than a 503 forever.
        let whole = try RawHTTPClient(port: server.port)
        try whole.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 150000\r\n\r\n" + String(repeating: "v", count: 150_000))
        #expect(try whole.readResponse().body.count == 150_000)
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
