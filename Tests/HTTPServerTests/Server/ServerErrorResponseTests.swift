import HTTPServer
import TestSupport
import Testing

/// A request the engine cannot parse is answered with a problem document and
/// `Connection: close`, then the connection is closed: nothing after a framing
/// error can be trusted (RFC 9112 §2.2, §6.3).
@Suite struct ServerErrorResponseTests {
    static let malformed: [(String, Int)] = [
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\nHost: t\n\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n", 400),
        ("GET / HTTP/1.1\r\nHost: t\r\n Folded: x\r\n\r\n", 400),
        ("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n", 413),
        ("POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n", 413),
        ("GET /\(String(repeating: "a", count: 8192)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        (get("/", (1...100).map { "X-\($0): v" }.joined(separator: "\r\n")), 431),
        ("GET / HTTP/1.1\r\nHost: t\r\nX: \(String(repeating: "a", count: 17000))\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: t\r\nExpect: teapot\r\n\r\n", 417),
        ("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
    ]

    @Test(arguments: malformed)
    func parseErrorIsAProblemThenClose(request: String, status: Int) throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.header("Connection") == "close")
        #expect(response.text.contains("\"status\":\(status)"))
        #expect(try client.isClosedByPeer())
    }

    @Test func requestsPipelinedAfterAnErrorAreNeverAnswered() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(get("/first") + "GET /bad\u{0} HTTP/1.1\r\nHost: t\r\n\r\n" + get("/never"))
        #expect(try client.readResponse().text == "/first")
        #expect(try client.readResponse().status == 400)
        #expect(try client.isClosedByPeer())
    }

    /// A plan's refusal is the answer before any body byte is read or a `100
    /// Continue` promised, however the body is framed; the connection then closes.
    @Test(arguments: [
        "Content-Length: 10000000", "Content-Length: 10000000\r\nExpect: 100-continue",
        "Transfer-Encoding: chunked", "Transfer-Encoding: chunked\r\nExpect: 100-continue",
    ])
    func aRefusalIsSentBeforeTheBody(framing: String) throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("POST /guarded HTTP/1.1\r\nHost: t\r\n\(framing)\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 401)
        #expect(response.header("Connection") == "close")
        #expect(try client.isClosedByPeer())
    }

    @Test func aPlanWithoutARefusalReadsTheBody() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send(
            "POST /guarded HTTP/1.1\r\nHost: t\r\nX-Pass: 1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        try client.send("hello")
        #expect(try client.readResponse().text == "hello")
    }

    /// A client still uploading the rejected body reads the 413 rather than a reset.
    @Test func clientStillSendingTheBodyReadsThe413() throws {
        let server = try startServer()
        defer { server.shutdown() }
        let client = try RawHTTPClient(port: server.port)
        try client.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n")
        try client.send([UInt8](repeating: 0x61, count: 100_000))
        #expect(try client.readResponse().status == 413)
        #expect(try client.isClosedByPeer())
    }
}
