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
            out.append(utf8: "Content-Length: ")
            out.append(utf8: String(response.body.count))
            out.appendCRLF()
        }
        if !keepAlive {
            out.append(utf8: "Connection: close\r\n")
        } else if version == .http10 {
            out.append(utf8: "Connection: keep-alive\r\n")
        }
        if let requestID { append(field: "X-Request-Id", value: requestID, to: &out) }
        out.appendCRLF()
        if sendsBody { out.append(contentsOf: response.body) }
        return out
    }

    private static func appendStatusLine(_ status: HTTPStatus, to out: inout [UInt8]) {
        out.append(utf8: "HTTP/1.1 ")
        let code = status.code
        if (100...999).contains(code) {
            out.append(UInt8(ascii: "0") + UInt8(code / 100))
            out.append(UInt8(ascii: "0") + UInt8(code / 10 % 10))
            out.append(UInt8(ascii: "0") + UInt8(code % 10))
        } else {
            out.append(utf8: String(code))
        }
        out.append(0x20)
        out.append(utf8: status.reasonPhrase)
        out.appendCRLF()
    }

    /// `HTTP/1.1 100 Continue` (RFC 9110 §15.2.1).
    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

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
        out.append(utf8: name)
        out.append(0x3A)
        out.append(0x20)
        // Scanned as contiguous bytes where the string has them (native
        // strings always do); generic `UTF8View` iteration cost 1% of a point read.
        let safe =
            value.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(ByteClasses.isFieldValue) }
            ?? value.utf8.allSatisfy(ByteClasses.isFieldValue)
        if safe {
            out.append(utf8: value)
        } else {
            for byte in value.utf8 { out.append(ByteClasses.isFieldValue(byte) ? byte : 0x20) }
        }
        out.appendCRLF()
    }
}

extension [UInt8] {
    /// One copy of the string's bytes where Swift stores them contiguously
    /// (always, for native strings and literals); appending the `UTF8View`
    /// as a generic sequence cost about 80 instructions an append.
    fileprivate mutating func append(utf8 string: String) {
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { append(contentsOf: $0) }
        if copied == nil { append(contentsOf: string.utf8) }
    }

    fileprivate mutating func appendCRLF() {
        append(0x0D)
        append(0x0A)
    }
}
