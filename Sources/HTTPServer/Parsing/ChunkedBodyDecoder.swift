/// Decodes a `chunked` body incrementally (RFC 9112 §7.1), consuming input as
/// it goes so the connection buffer never holds more than one partial line.
struct ChunkedBodyDecoder {
    enum Step: Equatable {
        case needMoreData
        case done
        case failure(HTTPParseError)
    }

    private enum State {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer
    }

    private var state = State.size
    private var trailerBytes = 0
    private let bodyLimit: Int
    private let limits: ParserLimits
    private(set) var body: [UInt8] = []

    init(bodyLimit: Int, limits: ParserLimits) {
        self.bodyLimit = bodyLimit
        self.limits = limits
    }

    mutating func decode(_ buffer: inout InputBuffer) -> Step {
        while true {
            switch state {
            case .size:
                let line = line(buffer, limit: limits.maxChunkLineLength)
                if line.bareLF { return .failure(.lineTerminator) }
                guard let lineEnd = line.end else {
                    return isOverlong(buffer, limit: limits.maxChunkLineLength)
                        ? .failure(.invalidChunk) : .needMoreData
                }
                guard
                    let size = buffer.withReadableBytes({
                        Self.chunkSize(UnsafeBufferPointer(rebasing: $0[0..<lineEnd]))
                    })
                else { return .failure(.invalidChunk) }
                buffer.consume(lineEnd + 2)
                if size == 0 {
                    state = .trailer
                } else {
                    if body.count + size > bodyLimit { return .failure(.bodyTooLarge) }
                    body.reserveCapacity(body.count + size)
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let available = min(remaining, buffer.readableCount)
                if available == 0 { return .needMoreData }
                buffer.withReadableBytes { body.append(contentsOf: $0[0..<available]) }
                buffer.consume(available)
                state = available == remaining ? .dataEnd : .data(remaining: remaining - available)
            case .dataEnd:
                if buffer.readableCount < 2 { return .needMoreData }
                guard buffer[0] == 0x0D && buffer[1] == 0x0A else {
                    return .failure(buffer[0] == 0x0A ? .lineTerminator : .invalidChunk)
                }
                buffer.consume(2)
                state = .size
            case .trailer:
                let remainingAllowance = limits.maxHeaderSectionBytes - trailerBytes
                let line = line(buffer, limit: remainingAllowance)
                if line.bareLF { return .failure(.lineTerminator) }
                guard let lineEnd = line.end else {
                    return isOverlong(buffer, limit: remainingAllowance)
                        ? .failure(.headerSectionTooLarge) : .needMoreData
                }
                if lineEnd == 0 {
                    buffer.consume(2)
                    return .done
                }
                // Trailer fields are validated like header fields and then dropped:
                // nothing in this API reads them (RFC 9110 §6.5.1 lets us ignore them).
                let valid = buffer.withReadableBytes { bytes in
                    let line = UnsafeBufferPointer(rebasing: bytes[0..<lineEnd])
                    guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return false }
                    return line[..<colon].allSatisfy(ByteClasses.isToken)
                        && line[(colon + 1)...].allSatisfy(ByteClasses.isFieldValue)
                }
                guard valid else { return .failure(.invalidChunk) }
                trailerBytes += lineEnd + 2
                buffer.consume(lineEnd + 2)
            }
        }
    }

    /// Where the line at the front ends (its CRLF), nil until it has; and whether
    /// a bare LF comes first, which fails the body however the bytes arrived.
    private func line(_ buffer: InputBuffer, limit: Int) -> (end: Int?, bareLF: Bool) {
        buffer.withReadableBytes { bytes in
            let window = UnsafeBufferPointer(rebasing: bytes.prefix(limit + 2))
            let end = RequestHead.firstCRLF(in: window, from: 0)
            return (
                end,
                RequestHead.containsBareLF(UnsafeBufferPointer(rebasing: window[0..<(end ?? window.count)]), from: 0)
            )
        }
    }

    /// A line may hold `limit` bytes before its CRLF: only `limit + 2` bytes without
    /// one prove it too long (a CR alone may still be followed by its LF).
    private func isOverlong(_ buffer: InputBuffer, limit: Int) -> Bool {
        buffer.readableCount >= limit + 2
    }

    /// chunk-size [ chunk-ext ]: 1*HEXDIG, then optional `;`-introduced extensions,
    /// which we accept and ignore.
    private static func chunkSize(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var size = 0
        var i = 0
        var significant = 0
        while i < line.count, let digit = RequestTarget.hexValue(line[i]) {
            // Leading zeros are allowed in any number; 16 significant hex digits are past any limit.
            if size > 0 || digit > 0 { significant += 1 }
            guard significant < 16 else { return nil }
            size = size << 4 | Int(digit)
            i += 1
        }
        guard i > 0 else { return nil }
        var rest = line[i...].drop { $0 == 0x20 || $0 == 0x09 }
        if rest.isEmpty { return size }
        guard rest.first == UInt8(ascii: ";") else { return nil }
        rest = rest.dropFirst()
        return rest.allSatisfy(ByteClasses.isFieldValue) ? size : nil
    }
}
