import Glibc

/// A blocking HTTP/1.1 client over a plain TCP socket to 127.0.0.1, for tests that
/// need to control the exact bytes on the wire: pipelining, malformed requests,
/// half-sent heads and connections the server is expected to close.
public final class RawHTTPClient: @unchecked Sendable {
    // @unchecked: a client belongs to one test thread at a time; `buffer` is only
    // touched by the thread calling its methods.
    public let fd: Int32
    private var buffer: [UInt8] = []
    private var closed = false
    private let timeout: Duration

    /// Connects at once; throws `RawHTTPClientError.system` (errno `ECONNREFUSED`
    /// when nothing listens). Reads give up after `timeout` without data.
    public init(port: Int, timeout: Duration = .seconds(5)) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPClientError.system(call: "socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let error = RawHTTPClientError.system(call: "connect", errno: errno)
            Glibc.close(fd)
            throw error
        }
        self.fd = fd
        self.timeout = timeout
        Self.setTimeout(fd, SO_RCVTIMEO, timeout)
        Self.setTimeout(fd, SO_SNDTIMEO, timeout)
    }

    deinit { close() }

    public func send(_ string: String) throws { try send(Array(string.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw RawHTTPClientError.system(call: "send", errno: errno)
            }
            offset += n
        }
    }

    /// Reads one response. `1xx`, `204`, `304` and answers to `HEAD` have no body;
    /// otherwise `Content-Length` delimits it, or the end of the connection.
    public func readResponse(isHead: Bool = false) throws -> RawResponse {
        let headEnd = try fill { Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: $0) }
        let lines = String(decoding: buffer[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        buffer.removeFirst(headEnd + 4)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw RawHTTPClientError.malformed(lines[0])
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw RawHTTPClientError.malformed(line) }
            headers.append((String(line[..<colon]), Self.trimmed(line[line.index(after: colon)...])))
        }
        let reason = statusParts.count > 2 ? String(statusParts[2]) : ""
        var response = RawResponse(status: status, reason: reason, headers: headers, body: [])
        if isHead || status < 200 || status == 204 || status == 304 { return response }
        guard let lengthText = response.header("Content-Length") else {
            response.body = try readUntilClosed()
            return response
        }
        guard let length = Int(lengthText), length >= 0 else { throw RawHTTPClientError.malformed(lengthText) }
        _ = try fill { $0.count >= length ? length : nil }
        response.body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return response
    }

    /// Everything up to the server's end of the connection.
    public func readUntilClosed() throws -> [UInt8] {
        while try receive() > 0 {}
        defer { buffer = [] }
        return buffer
    }

    /// True when the server closes (or resets) the connection within `timeout`
    /// without sending anything more; false on data or silence.
    public func isClosedByPeer(timeout: Duration? = nil) throws -> Bool {
        guard buffer.isEmpty else { return false }
        Self.setTimeout(fd, SO_RCVTIMEO, timeout ?? self.timeout)
        defer { Self.setTimeout(fd, SO_RCVTIMEO, self.timeout) }
        do {
            return try receive() == 0
        } catch RawHTTPClientError.timedOut {
            return false
        } catch RawHTTPClientError.system(_, let code) where code == ECONNRESET {
            return true
        }
    }

    /// Sends a FIN but keeps reading: a client that has said all it will say.
    public func shutdownWriting() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes with `SO_LINGER` 0, so the server sees a reset rather than a FIN.
    public func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    // MARK: - Receiving

    /// Receives until `ready` finds what it needs in the buffer; the peer closing first is an error.
    private func fill(_ ready: ([UInt8]) -> Int?) throws -> Int {
        while true {
            if let found = ready(buffer) { return found }
            if try receive() == 0 { throw RawHTTPClientError.closed(received: buffer) }
        }
    }

    /// One `recv` into the buffer; 0 when the peer closed.
    private func receive() throws -> Int {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n >= 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return n
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw RawHTTPClientError.timedOut
            case let code: throw RawHTTPClientError.system(call: "recv", errno: code)
            }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private static func trimmed(_ value: Substring) -> String {
        String(value.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    private static func setTimeout(_ fd: Int32, _ option: Int32, _ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}

public enum RawHTTPClientError: Error, Equatable {
    case system(call: String, errno: Int32)
    case timedOut
    /// The peer closed before a whole response arrived.
    case closed(received: [UInt8])
    case malformed(String)
}

/// A response as read off the wire, headers in the order sent.
public struct RawResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The first value of `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}
