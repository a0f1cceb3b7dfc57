import HTTPServer
import Logging
import TestSupport
import Testing

/// The engine over real sockets: persistent connections, pipelining, bodies,
/// interim responses and connection management (RFC 9112 §9).
@Suite struct ServerIntegrationTests {
    @Test func severalRequestsShareOneConnection() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        for i in 1...3 {
            try client.send(get("/n/\(i)"))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "/n/\(i)")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date") != nil)
        }
    }

    /// Anonymous callers are rate-limited and their idempotency keys scoped by it.
    @Test func aRequestCarriesTheClientsAddress() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/remote"))
        #expect(try client.readResponse().text == "127.0.0.1")
    }

    /// The access log once held the decoded path, so `%0A` in a request
    /// started a forged line of its own in the text log.
    @Test func theAccessLogHasThePathAsSent() throws {
        let entries = SystemLock<[Logger.Metadata]>([])
        let logger = Logger(label: "access") { _ in RecordingLogHandler(entries: entries) }
        let server = try startServer(logger: logger)
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/a%0A2026-11-29%20error%20FORGED?x=%1B[31m"))
        #expect(try client.readResponse().text == "/a\n2026-11-29 error FORGED")
        server.shutdown()
        // As sent, and without the query, which may hold a search for someone's name.
        let logged = entries.withLock { $0 }.compactMap { $0["path"]?.description }
        #expect(logged == ["/a%0A2026-11-29%20error%20FORGED"])
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/sleep?ms=50") + post("/echo", body: "second") + get("/inline/third"))
        #expect(try client.readResponse().text == "slept")
        #expect(try client.readResponse().text == "second")
        #expect(try client.readResponse().text == "/inline/third")
    }

    @Test func chunkedUploadIsEchoed() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        try client.send("6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello world")
        #expect(response.header("Content-Length") == "11")
    }

    @Test func expectContinueIsAnsweredBeforeTheBodyIsSent() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        #expect(interim.headers.isEmpty)
        try client.send("hello")
        #expect(try client.readResponse().text == "hello")
    }

    @Test func headHasTheLengthOfTheGetButNoBody() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(isHead: true)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "6")
        #expect(head.header("Content-Type") == "text/plain")
        // Stray body bytes would be read as the start of the next response.
        try client.send(get("/next"))
        #expect(try client.readResponse().text == "/next")
    }

    @Test func http10ConnectionClosesAfterTheResponse() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("GET /old HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.text == "/old")
        #expect(response.header("Connection") == "close")
        #expect(try client.isClosedByPeer())
    }

    @Test func http10KeepAliveKeepsTheConnection() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        for path in ["/one", "/two"] {
            try client.send("GET \(path) HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text == path)
            #expect(response.header("Connection") == "keep-alive")
        }
    }

    @Test func connectionCloseIsHonouredAndLaterPipelinedRequestsIgnored() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/last", "Connection: close") + get("/ignored"))
        let response = try client.readResponse()
        #expect(response.text == "/last")
        #expect(response.header("Connection") == "close")
        #expect(try client.isClosedByPeer())
    }

    @Test func requestIDIsEchoedOrGenerated() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/a", "X-Request-Id: trace-42") + get("/b"))
        #expect(try client.readResponse().header("X-Request-Id") == "trace-42")
        #expect(try client.readResponse().header("X-Request-Id")?.isEmpty == false)
    }

    @Test func errorEscapingTheResponderIsABare500() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/throw") + get("/after"))
        let response = try client.readResponse()
        #expect(response.status == 500)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(!response.text.contains("Failure"))
        #expect(try client.readResponse().text == "/after")
    }
}
