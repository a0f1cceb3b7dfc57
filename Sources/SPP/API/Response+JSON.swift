import HTTPServer
import JSON

extension Response {
    public static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A response that never changes, with its ETag computed once up front.
    public static func withETag(_ response: Response) -> Response {
        var response = response
        response.headers.add("ETag", ETag.forBody(response.body))
        return response
    }

    /// A single resource: its `ETag` is the strong validator `"<version>"` (CONTRACT §1).
    public static func resource(_ value: some VersionedResource, status: HTTPStatus = .ok, location: String? = nil)
        -> Response
    {
        var response = json(value.jsonBytes(), status: status)
        response.headers.add("ETag", ETag.forVersion(value.version))
        if let location { response.headers.add("Location", location) }
        return response
    }
}

/// A resource that carries the integer `version` its ETag is made from.
public protocol VersionedResource: JSONEncodable {
    var version: Int { get }
}
