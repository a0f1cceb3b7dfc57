import Glibc

/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

/// A parsed request line and header section, before the body is read.
struct RequestHead {
    var request: Request
    var framing: BodyFraming
    var expectsContinue: Bool

    /// Parses a complete head: the request line and field lines, each ending in
    /// CRLF, without the final empty line.
    static func parse(_ head: UnsafeBufferPointer<UInt8>, limits: ParserLimits) -> Result<RequestHead, HTTPParseError> {
        guard let lineEnd = firstCRLF(in: head, from: 0) else { return .failure(.malformedRequestLine) }
        let requestLine = UnsafeBufferPointer(rebasing: head[0..<lineEnd])
        let method: HTTPMethod, target: UnsafeBufferPointer<UInt8>, version: HTTPVersion
        switch parseRequestLine(requestLine, limits: limits) {
        case .success(let parts): (method, target, version) = parts
        case .failure(let error): return .failure(error)
        }

        var headers: [HTTPHeaders.Element] = []
        // Growing from empty reallocated the list five times for a typical head.
        headers.reserveCapacity(16)
        var lineStart = lineEnd + 2
        while lineStart < head.count {
            guard let end = firstCRLF(in: head, from: lineStart) else { return .failure(.invalidHeaderField) }
            switch parseFieldLine(UnsafeBufferPointer(rebasing: head[lineStart..<end])) {
            case .success(let field): headers.append(field)
            case .failure(let error): return .failure(error)
            }
            if headers.count > limits.maxHeaderFields { return .failure(.tooManyHeaderFields) }
            lineStart = end + 2
        }
        let fields = HTTPHeaders(headers)

        guard let decoded = RequestTarget.decode(target, method: method) else { return .failure(.invalidTarget) }
        // RFC 9112 §3.2: exactly one Host on HTTP/1.1, never two on any
        // version, and a valid one.
        var hosts = 0
        var host = ""
        for field in headers where field.name.equalsIgnoringASCIICase("Host") {
            hosts += 1
            host = field.value
        }
        if hosts == 0 && version == .http11 { return .failure(.missingHost) }
        if hosts > 1 { return .failure(.duplicateHost) }
        if hosts == 1 && !HostField.isValid(host) { return .failure(.invalidHost) }
        let framing: BodyFraming
        switch bodyFraming(fields, version: version) {
        case .success(let f): framing = f
        case .failure(let error): return .failure(error)
        }
        var expectsContinue = false
        if version == .http11, let expect = fields["Expect"] {
            // RFC 9110 §10.1.1: only 100-continue is defined; anything else → 417.
            guard expect.trimmingOWS().equalsIgnoringASCIICase("100-continue") else {
                return .failure(.unsupportedExpectation)
            }
            expectsContinue = framing != .none && framing != .length(0)
        }
        let keepAlive =
            version == .http11
            ? !fields.containsToken("close", in: "Connection")
            : fields.containsToken("keep-alive", in: "Connection")
        let clientID = fields["X-Request-Id"]
        let request = Request(
            method: method,
            target: String(decoding: target, as: UTF8.self),
            pathSegments: decoded.pathSegments,
            query: decoded.query,
            version: version,
            headers: fields,
            keepAlive: keepAlive,
            requestID: clientID.flatMap { RequestIDGenerator.isAcceptable($0) ? $0 : nil } ?? RequestIDGenerator.next()
        )
        return .success(RequestHead(request: request, framing: framing, expectsContinue: expectsContinue))
    }

    /// request-line = method SP request-target SP HTTP-version (RFC 9112 §3).
    private static func parseRequestLine(
        _ line: UnsafeBufferPointer<UInt8>, limits: ParserLimits
    ) -> Result<(HTTPMethod, UnsafeBufferPointer<UInt8>, HTTPVersion), HTTPParseError> {
        guard let firstSpace = line.firstIndex(of: UInt8(ascii: " ")), firstSpace > 0 else {
            return .failure(.malformedRequestLine)
        }
        guard let lastSpace = line.lastIndex(of: UInt8(ascii: " ")), lastSpace > firstSpace + 1 else {
            return .failure(.malformedRequestLine)
        }
        let methodBytes = line[0..<firstSpace]
        guard methodBytes.allSatisfy(ByteClasses.isToken) else { return .failure(.invalidMethod) }
        let target = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)..<lastSpace])
        if target.count > limits.maxTargetLength { return .failure(.targetTooLong) }
        guard target.allSatisfy(ByteClasses.isTarget) else { return .failure(.invalidTarget) }
        let version: HTTPVersion
        switch parseVersion(line[(lastSpace + 1)...]) {
        case .success(let v): version = v
        case .failure(let error): return .failure(error)
        }
        guard let method = HTTPMethod.implemented(UnsafeBufferPointer(rebasing: methodBytes)) else {
            return .failure(.unknownMethod)
        }
        return .success((method, target, version))
    }

    /// HTTP-version = "HTTP" "/" DIGIT "." DIGIT; a major version other than 1
    /// → 505. A later 1.x is read as 1.1, the highest minor version we implement
    /// (RFC 9110 §2.5).
    private static func parseVersion(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Result<HTTPVersion, HTTPParseError>
    {
        let b = UnsafeBufferPointer(rebasing: bytes)
        guard b.count == 8, b[0] == UInt8(ascii: "H"), b[1] == UInt8(ascii: "T"), b[2] == UInt8(ascii: "T"),
            b[3] == UInt8(ascii: "P"), b[4] == UInt8(ascii: "/"), b[6] == UInt8(ascii: "."),
            let major = digit(b[5]), let minor = digit(b[7])
        else { return .failure(.invalidVersion) }
        guard major == 1 else { return .failure(.unsupportedVersion) }
        return .success(minor == 0 ? .http10 : .http11)
    }

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5).
    private static func parseFieldLine(_ line: UnsafeBufferPointer<UInt8>) -> Result<
        HTTPHeaders.Element, HTTPParseError
    > {
        guard let first = line.first else { return .failure(.invalidHeaderField) }
        // RFC 9112 §5.2: obs-fold is rejected with 400.
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return .failure(.obsoleteLineFolding) }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            return .failure(.invalidHeaderField)
        }
        // RFC 9112 §5.1: no whitespace between field name and colon.
        let last = line[colon - 1]
        if last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { return .failure(.whitespaceBeforeColon) }
        guard line[0..<colon].allSatisfy(ByteClasses.isToken) else { return .failure(.invalidHeaderField) }
        var start = colon + 1
        var end = line.count
        while start < end && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        while end > start && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        let value = line[start..<end]
        guard value.allSatisfy(ByteClasses.isFieldValue) else { return .failure(.invalidHeaderField) }
        return .success((String(decoding: line[0..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }

    /// RFC 9112 §6.1–6.3: Transfer-Encoding and Content-Length rules.
    private static func bodyFraming(_ fields: HTTPHeaders, version: HTTPVersion) -> Result<BodyFraming, HTTPParseError>
    {
        let lengths = fields.values("Content-Length")
        let codings = fields.values("Transfer-Encoding")
        if !codings.isEmpty {
            if !lengths.isEmpty { return .failure(.contentLengthWithTransferEncoding) }
            // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            if version == .http10 { return .failure(.invalidTransferEncoding) }
            // RFC 9110 §5.6.1: empty list elements do not count.
            let list = codings.flatMap { $0.fieldItems(separatedBy: ",") }.filter { !$0.isEmpty }
            if list.contains(where: { !$0.equalsIgnoringASCIICase("chunked") }) {
                return .failure(.unsupportedTransferCoding)
            }
            guard list.count == 1, list[0].equalsIgnoringASCIICase("chunked") else {
                return .failure(.invalidTransferEncoding)
            }
            return .success(.chunked)
        }
        guard !lengths.isEmpty else { return .success(.none) }
        guard lengths.count == 1, let length = parseLength(lengths[0]) else { return .failure(.invalidContentLength) }
        return .success(length == 0 ? .none : .length(length))
    }

    /// 1*DIGIT, leading zeros allowed; 19 significant digits are past any limit.
    private static func parseLength(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if utf8.count <= 18 { return Int(text) }
        let significant = utf8.drop { $0 == 0x30 }
        guard significant.count <= 18 else { return nil }
        return significant.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    @inline(__always)
    private static func digit(_ b: UInt8) -> Int? { b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil }

    /// Whether a LF without its CR comes at or after `start`. RFC 9112 §2.2 lets
    /// a recipient accept a bare LF as a line end or reject the message; we
    /// reject it (`400`) rather than wait for a CRLF that will never come.
    static func containsBareLF(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var i = start
        // memchr: a valid head has only a few LFs, each right after its CR.
        while i < bytes.count, let found = memchr(base + i, 0x0A, bytes.count - i) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if at == 0 || bytes[at - 1] != 0x0D { return true }
            i = at + 1
        }
        return false
    }

    static func firstCRLF(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 0x0D {
                if bytes[i + 1] == 0x0A { return i }
            }
            i += 1
        }
        return nil
    }
}
