/// Turns a response into the bytes of an HTTP/1.1 message (RFC 9112 §4, §6).
enum ResponseSerializer {
    /// The head and body of one response. `HEAD` responses keep the `Content-Length`
    /// the `GET` would have had and send no body (RFC 9110 §9.3.2).
    static func serialize(
        _ response: Response, requestID: String?, keepAlive: Bool, isHead: Bool, version: HTTPVersion = .http11
    ) -> [UInt8] {
        var out: [UInt8] = []
        let sendsBody = !isHead && !response.status.forbidsBody
        out.reserveCapacity(256 + (sendsBody ? response.body.count : 0))
        appendStatusLine(response.status, to: &out)
        for (name, value) in response.headers where isValidName(name) && !isEngineOwned(name) {
            append(field: name, value: value, to: &out)
        }
        out.append(contentsOf: DateCache.shared.headerLine())
        if !response.status.forbidsBody {
            out.append(contentsOf: "Content-Length: ".utf8)
            out.append(contentsOf: String(response.body.count).utf8)
            out.append(contentsOf: crlf)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http10 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        if let requestID { append(field: "X-Request-Id", value: requestID, to: &out) }
        out.append(contentsOf: crlf)
        if sendsBody { out.append(contentsOf: response.body) }
        return out
    }

    private static func appendStatusLine(_ status: HTTPStatus, to out: inout [UInt8]) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        let code = status.code
        if (100...999).contains(code) {
            out.append(UInt8(ascii: "0") + UInt8(code / 100))
            out.append(UInt8(ascii: "0") + UInt8(code / 10 % 10))
            out.append(UInt8(ascii: "0") + UInt8(code % 10))
        } else {
            out.append(contentsOf: String(code).utf8)
        }
        out.append(0x20)
        out.append(contentsOf: status.reasonPhrase.utf8)
        out.append(contentsOf: crlf)
    }

    /// `HTTP/1.1 100 Continue` (RFC 9110 §15.2.1).
    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    /// Header names the engine writes itself; an application's copies are ignored
    /// so framing can never be inconsistent. Checked by length first: this runs
    /// for every header of every response.
    private static func isEngineOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: name.equalsIgnoringASCIICase("date")
        case 10: name.equalsIgnoringASCIICase("connection")
        case 12: name.equalsIgnoringASCIICase("x-request-id")
        case 14: name.equalsIgnoringASCIICase("content-length")
        case 17: name.equalsIgnoringASCIICase("transfer-encoding")
        default: false
        }
    }

    /// A name that is not a token (RFC 9110 §5.1) could end the line early and
    /// smuggle in a field of its own; such a field is dropped.
    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(ByteClasses.isToken)
    }

    /// Control characters in a value would let a header split the response;
    /// they are replaced by spaces rather than trusted.
    private static func append(field name: String, value: String, to out: inout [UInt8]) {
        out.append(contentsOf: name.utf8)
        out.append(0x3A)
        out.append(0x20)
        // Scanned as contiguous bytes where the string has them (native
        // strings always do); generic `UTF8View` iteration cost 1% of a point read.
        let safe =
            value.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(ByteClasses.isFieldValue) }
            ?? value.utf8.allSatisfy(ByteClasses.isFieldValue)
        if safe {
            out.append(contentsOf: value.utf8)
        } else {
            for byte in value.utf8 { out.append(ByteClasses.isFieldValue(byte) ? byte : 0x20) }
        }
        out.append(contentsOf: crlf)
    }
}
