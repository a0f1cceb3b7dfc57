/// A request method. Kept as a struct over its token so the parser can carry any
/// syntactically valid method up to the point where we answer `501`.
public struct HTTPMethod: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let get = HTTPMethod("GET")
    public static let head = HTTPMethod("HEAD")
    public static let post = HTTPMethod("POST")
    public static let put = HTTPMethod("PUT")
    public static let patch = HTTPMethod("PATCH")
    public static let delete = HTTPMethod("DELETE")
    public static let options = HTTPMethod("OPTIONS")

    /// The methods this server implements; any other token is answered with `501` (RFC 9110 §9.1).
    private static let implementedMethods: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options]

    /// The implemented method spelled by `bytes` (methods are case-sensitive,
    /// RFC 9110 §9.1), found without allocating a string.
    static func implemented(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPMethod? {
        implementedMethods.first { $0.rawValue.utf8.elementsEqual(bytes) }
    }

    public var description: String { rawValue }
}
