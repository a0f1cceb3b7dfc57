import Testing

@testable import HTTPServer

@Suite struct ResponseSerializerTests {
    /// The serialized head as lines (status line first) and the body after it.
    struct Wire {
        var lines: [String]
        var body: [UInt8]

        init(_ bytes: [UInt8]) {
            let end = (0...(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) }!
            lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
            body = Array(bytes[(end + 4)...])
        }

        func values(_ name: String) -> [String] {
            lines.dropFirst().compactMap { line in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts[0].lowercased() == name.lowercased() else { return nil }
                return String(parts[1].dropFirst())
            }
        }
    }

    static func serialize(
        _ response: Response, requestID: String? = nil, keepAlive: Bool = true, isHead: Bool = false,
        version: HTTPVersion = .http11
    ) -> Wire {
        Wire(
            ResponseSerializer.serialize(
                response, requestID: requestID, keepAlive: keepAlive, isHead: isHead, version: version))
    }

    @Test func responseCarriesStatusLineContentLengthDateAndBody() {
        let response = Response(status: .created, headers: ["Content-Type": "text/plain"], body: Array("hi".utf8))
        let wire = Self.serialize(response)
        #expect(wire.lines[0] == "HTTP/1.1 201 Created")
        #expect(wire.values("Content-Type") == ["text/plain"])
        #expect(wire.values("Content-Length") == ["2"])
        #expect(wire.values("Date").count == 1)
        #expect(wire.values("Connection").isEmpty)
        #expect(wire.body == Array("hi".utf8))
    }

    @Test func emptyBodyStillStatesItsLength() {
        #expect(Self.serialize(Response(status: .ok)).values("Content-Length") == ["0"])
    }

    @Test func headKeepsTheLengthButSendsNoBody() {
        let wire = Self.serialize(Response(status: .ok, body: Array("hello".utf8)), isHead: true)
        #expect(wire.values("Content-Length") == ["5"])
        #expect(wire.body.isEmpty)
    }

    @Test(arguments: [HTTPStatus.noContent, .notModified, .continue])
    func bodilessStatusHasNeitherBodyNorLength(status: HTTPStatus) {
        let wire = Self.serialize(Response(status: status, body: Array("ignored".utf8)))
        #expect(wire.values("Content-Length").isEmpty)
        #expect(wire.body.isEmpty)
    }

    @Test(arguments: [
        (HTTPVersion.http11, true, nil), (.http11, false, "close"),
        (.http10, true, "keep-alive"), (.http10, false, "close"),
    ])
    func connectionHeaderSaysWhatHappensNext(version: HTTPVersion, keepAlive: Bool, connection: String?) {
        let wire = Self.serialize(Response(status: .ok), keepAlive: keepAlive, version: version)
        #expect(wire.values("Connection") == (connection.map { [$0] } ?? []))
        #expect(wire.lines[0].hasPrefix("HTTP/1.1 "))
    }

    @Test func requestIDIsWrittenWhenGiven() {
        #expect(Self.serialize(Response(status: .ok), requestID: "abc-1").values("X-Request-Id") == ["abc-1"])
        #expect(Self.serialize(Response(status: .ok)).values("X-Request-Id").isEmpty)
    }

    @Test func engineOwnedHeadersFromTheApplicationAreIgnored() {
        let response = Response(
            status: .ok,
            headers: [
                "content-length": "999", "Connection": "keep-alive", "Date": "yesterday",
                "Transfer-Encoding": "chunked", "X-Request-ID": "forged", "ETag": "\"1\"",
            ], body: Array("abc".utf8))
        let wire = Self.serialize(response, requestID: "real", keepAlive: false)
        #expect(wire.values("Content-Length") == ["3"])
        #expect(wire.values("Connection") == ["close"])
        #expect(wire.values("Date").count == 1 && wire.values("Date") != ["yesterday"])
        #expect(wire.values("Transfer-Encoding").isEmpty)
        #expect(wire.values("X-Request-Id") == ["real"])
        #expect(wire.values("ETag") == ["\"1\""])
    }

    @Test(arguments: ["a\r\nSet-Cookie: evil=1", "a\nSet-Cookie: evil=1", "a\rSet-Cookie: evil=1", "a\u{0}\u{7F}b"])
    func controlCharactersInValuesCannotSplitTheResponse(value: String) {
        let wire = Self.serialize(Response(status: .ok, headers: ["X-Note": value]))
        #expect(wire.values("Set-Cookie").isEmpty)
        #expect(wire.values("X-Note").count == 1)
        #expect(!wire.lines.contains { $0.utf8.contains { $0 < 0x20 || $0 == 0x7F } })
    }

    @Test(arguments: ["X-Bad\r\nSet-Cookie", "X-Bad: x\r\nSet-Cookie", "Bad Name", "", "X\u{0}"])
    func fieldWithAnInvalidNameIsDropped(name: String) {
        let wire = Self.serialize(Response(status: .ok, headers: [name: "evil=1", "X-Good": "1"]))
        #expect(wire.values("Set-Cookie").isEmpty)
        #expect(wire.values("X-Good") == ["1"])
        #expect(wire.lines.count == 4)
    }

    @Test func continueLineIsAnInterimResponse() {
        #expect(String(decoding: ResponseSerializer.continueLine, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
    }

    // MARK: - Date (RFC 9110 §5.6.7 IMF-fixdate)

    @Test(arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1_795_858_200, "Sat, 28 Nov 2026 09:30:00 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
    ])
    func dateIsIMFFixdate(seconds: Int, text: String) {
        #expect(DateCache.imfFixdate(seconds) == text)
    }

    @Test func dateHeaderLineIsCompleteAndCurrent() {
        let line = String(decoding: DateCache.shared.headerLine(), as: UTF8.self)
        #expect(line.hasPrefix("Date: ") && line.hasSuffix(" GMT\r\n"))
        #expect(line.utf8.count == "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".utf8.count)
    }
}
