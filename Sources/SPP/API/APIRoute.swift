import HTTPServer

/// What a route needs from the caller before its handler runs.
public enum AccessRequirement: Sendable {
    /// Anyone; a key, if sent, must still be valid (CONTRACT §2).
    case anyone
    /// Any valid key; what it sees is then narrowed by its scope.
    case key
    case admin
}

/// A route as the application registers it: access rule, limits and handler.
/// A class: every request copies the route it matched out of the router (twice
/// for some), and a reference is one retain where a struct of six fields was
/// a generic tuple copy.
public final class APIRoute: Sendable {
    public typealias Handler = @Sendable (RequestContext) throws -> Response

    public let access: AccessRequirement
    public let bodyLimit: Int?
    /// Cheap, never-blocking routes run on the I/O thread.
    public let runsInline: Bool
    /// Health probes are exempt: a load balancer polling them is not a client to throttle.
    public let rateLimited: Bool
    /// The query parameters the handler reads; any other is refused before
    /// it runs, so a misspelt filter (`trustid=`) or option (`dryrun=true`)
    /// is a `422`, not an export of everything or a real import.
    public let query: Set<String>
    public let handler: Handler

    public init(
        access: AccessRequirement, bodyLimit: Int? = nil, runsInline: Bool = false, rateLimited: Bool = true,
        query: Set<String> = [], handler: @escaping Handler
    ) {
        self.access = access
        self.bodyLimit = bodyLimit
        self.runsInline = runsInline
        self.rateLimited = rateLimited
        self.query = query
        self.handler = handler
    }
}

/// Collects routes; each domain area adds its own in its `…Routes` file.
public struct RouteTable: Sendable {
    public private(set) var router = Router<APIRoute>()
    /// Every route as added, to be diffed against `openapi.yaml`.
    public private(set) var registered: [(method: HTTPMethod, pattern: String, query: Set<String>)] = []

    public init() {}

    public mutating func add(
        _ method: HTTPMethod, _ pattern: String, access: AccessRequirement, bodyLimit: Int? = nil,
        runsInline: Bool = false, rateLimited: Bool = true, query: Set<String> = [],
        _ handler: @escaping APIRoute.Handler
    ) {
        // APIResponder.plan gives keyed GETs the default plan without a route match.
        precondition(bodyLimit == nil || (method != .get && method != .head), "a GET route cannot set a body limit")
        let route = APIRoute(
            access: access, bodyLimit: bodyLimit, runsInline: runsInline, rateLimited: rateLimited, query: query,
            handler: handler)
        router.add(method, pattern, route)
        registered.append((method, pattern, query))
    }
}
