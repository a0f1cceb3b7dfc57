/// A parsed request. The path and query are already percent-decoded; `target`
/// keeps the bytes as sent for logging and redirects.
public struct Request: Sendable {
    public var method: HTTPMethod
    public var target: String
    /// Decoded path segments, split before decoding so `%2F` stays inside a segment.
    public var pathSegments: [String]
    public var query: [(name: String, value: String)]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Whether the connection may stay open after this exchange (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// Echoed from `X-Request-Id` when the client sent a sane one, else generated.
    public var requestID: String
    /// Values the router extracted for `{name}` segments.
    public var parameters: [String: String]
    public var remoteAddress: String

    public init(
        method: HTTPMethod, target: String, pathSegments: [String], query: [(name: String, value: String)] = [],
        version: HTTPVersion = .http11, headers: HTTPHeaders = [:], body: [UInt8] = [], keepAlive: Bool = true,
        requestID: String = "", parameters: [String: String] = [:], remoteAddress: String = ""
    ) {
        self.method = method
        self.target = target
        self.pathSegments = pathSegments
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
        self.requestID = requestID
        self.parameters = parameters
        self.remoteAddress = remoteAddress
    }

    /// The decoded path, for logs and messages.
    public var path: String { "/" + pathSegments.joined(separator: "/") }

    /// The body the head announces: its `Content-Length`, or `Int.max` for a
    /// chunked one, whose size is not known until it ends. The parser lets
    /// only one of the two through.
    public var announcedBodyBytes: Int {
        if let length = headers["Content-Length"] { return Int(length) ?? .max }
        return headers.contains("Transfer-Encoding") ? .max : 0
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public static let http10 = HTTPVersion(major: 1, minor: 0)
    public static let http11 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}
