/// What the parser found in the bytes received so far.
public enum ParseEvent: Sendable {
    case needMoreData
    /// The client asked for `100 Continue` and has not sent the body yet.
    case continueExpected
    case request(Request)
    case failure(HTTPParseError)
}

/// An incremental HTTP/1.1 request parser (RFC 9112). It never touches a socket:
/// it is fed an `InputBuffer`, consumes what it has parsed and leaves the rest,
/// so input split at any byte and pipelined requests both work.
public struct RequestParser: Sendable {
    private enum State {
        case head(scanned: Int)
        case body(RequestHead, remaining: Int)
        case chunked(RequestHead, ChunkedBodyDecoder)
        /// With the request whose body failed, when its head was read.
        case failed(HTTPParseError, Request?)
    }

    private var state = State.head(scanned: 0)
    private let limits: ParserLimits

    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
    }

    /// Whether part of a request has been received (for the header timeout and for
    /// telling an idle connection from a slow one).
    public func isMidRequest(_ buffer: InputBuffer) -> Bool {
        if case .head = state { return !buffer.isEmpty }
        return true
    }

    /// The request whose head was read while its body is awaited, or whose
    /// body failed (too large, a bad chunk, too slow): an answer to it can
    /// carry what the application adds to any other.
    public var requestWithoutBody: Request? {
        switch state {
        case .body(let head, _), .chunked(let head, _): head.request
        case .failed(_, let request): request
        case .head: nil
        }
    }

    /// Whether the head is done and body bytes are awaited (for the body timeout).
    public var isInBody: Bool {
        switch state {
        case .body, .chunked: true
        case .head, .failed: false
        }
    }

    /// Parses as far as the buffer allows. `bodyLimit` is asked once per request,
    /// after the head, so each route can set its own maximum body size.
    public mutating func parse(_ buffer: inout InputBuffer, bodyLimit: (Request) -> Int) -> ParseEvent {
        switch state {
        case .failed(let error, _):
            return .failure(error)
        case .head(let scanned):
            return parseHead(&buffer, scanned: scanned, bodyLimit: bodyLimit)
        case .body(let head, let remaining):
            guard buffer.readableCount >= remaining else { return .needMoreData }
            var request = head.request
            request.body = buffer.withReadableBytes { Array($0[0..<remaining]) }
            buffer.consume(remaining)
            state = .head(scanned: 0)
            return .request(request)
        case .chunked(let head, var decoder):
            state = .failed(.invalidChunk, nil)  // placeholder while the decoder is moved out
            switch decoder.decode(&buffer) {
            case .needMoreData:
                state = .chunked(head, decoder)
                return .needMoreData
            case .failure(let error):
                return fail(error, head: head)
            case .done:
                var request = head.request
                request.body = decoder.body
                state = .head(scanned: 0)
                return .request(request)
            }
        }
    }

    private mutating func parseHead(
        _ buffer: inout InputBuffer, scanned: Int, bodyLimit: (Request) -> Int
    ) -> ParseEvent {
        var scanned = scanned
        // RFC 9112 §2.2: ignore empty lines before the request line (what was
        // scanned of the buffer moves with them).
        while buffer.readableCount >= 2 && buffer[0] == 0x0D && buffer[1] == 0x0A {
            buffer.consume(2)
            scanned = 0
        }
        let maxHead = limits.maxTargetLength + 32 + limits.maxHeaderSectionBytes
        // Looks for the CRLFCRLF ending the head, resuming where the last call
        // stopped so byte-at-a-time input stays linear.
        let found: Int? = buffer.withReadableBytes { bytes in
            var i = max(0, scanned - 3)
            let limit = min(bytes.count, maxHead + 4)
            while i + 3 < limit {
                if bytes[i + 3] != 0x0A {
                    i += bytes[i + 3] == 0x0D ? 1 : 4
                    continue
                }
                if bytes[i] == 0x0D && bytes[i + 1] == 0x0A && bytes[i + 2] == 0x0D { return i }
                i += 1
            }
            return nil
        }
        guard let end = found else {
            if let error = oversizedHead(buffer) { return fail(error) }
            if buffer.withReadableBytes({ RequestHead.containsBareLF($0, from: scanned) }) {
                return fail(.lineTerminator)
            }
            state = .head(scanned: buffer.readableCount)
            return .needMoreData
        }
        // The size limit comes before any field is looked at, so an oversized head
        // fails the same way whether or not its end arrived with it (see `oversizedHead`).
        if let requestLineEnd = buffer.withReadableBytes({ RequestHead.firstCRLF(in: $0, from: 0) }),
            end + 2 - (requestLineEnd + 2) > limits.maxHeaderSectionBytes
        {
            return fail(.headerSectionTooLarge)
        }
        // Checked before the fields, so a bare LF fails the same way whether or
        // not the head's end had arrived when it was seen.
        if buffer.withReadableBytes({ RequestHead.containsBareLF(UnsafeBufferPointer(rebasing: $0[0..<end]), from: 0) })
        {
            return fail(.lineTerminator)
        }
        let parsed = buffer.withReadableBytes { bytes in
            RequestHead.parse(UnsafeBufferPointer(rebasing: bytes[0..<(end + 2)]), limits: limits)
        }
        let head: RequestHead
        switch parsed {
        case .success(let h): head = h
        case .failure(let error): return fail(error)
        }
        buffer.consume(end + 4)
        let limit = bodyLimit(head.request)
        switch head.framing {
        case .none:
            state = .head(scanned: 0)
            return .request(head.request)
        case .length(let length):
            if length > limit { return fail(.bodyTooLarge, head: head) }
            state = .body(head, remaining: length)
        case .chunked:
            state = .chunked(head, ChunkedBodyDecoder(bodyLimit: limit, limits: limits))
        }
        if head.expectsContinue && buffer.isEmpty {
            return .continueExpected
        }
        return parse(&buffer, bodyLimit: bodyLimit)
    }

    /// A head still incomplete but already past a limit fails now, without
    /// waiting for more bytes: 414 for a request line too long (ended or
    /// not), else 431. The head's end is only looked for within the largest
    /// head allowed, so a request line past its limit must fail here even
    /// when its CRLF has come: it once waited for the 408 instead.
    private func oversizedHead(_ buffer: InputBuffer) -> HTTPParseError? {
        buffer.withReadableBytes { bytes in
            let lineEnd = RequestHead.firstCRLF(in: bytes, from: 0)
            guard (lineEnd ?? bytes.count) > limits.maxTargetLength + 32 else {
                guard let lineEnd else { return nil }
                return bytes.count - (lineEnd + 2) > limits.maxHeaderSectionBytes + 2 ? .headerSectionTooLarge : nil
            }
            // A long target is 414; a line without a space early on is no request line.
            let spaces = bytes.prefix(64).contains(UInt8(ascii: " "))
            return spaces ? .targetTooLong : .malformedRequestLine
        }
    }

    private mutating func fail(_ error: HTTPParseError, head: RequestHead? = nil) -> ParseEvent {
        state = .failed(error, head?.request)
        return .failure(error)
    }
}
