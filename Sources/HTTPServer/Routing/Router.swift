/// Maps method + path patterns to handlers. Patterns are written as in OpenAPI
/// (`/v1/schools/{urn}`) so the route table can be diffed against `openapi.yaml`.
///
/// Generic over the handler so the engine stays ignorant of what the
/// application attaches to a route (access rules, body limits, the closure).
/// Matching is `@inlinable` so it is specialised for the application's handler
/// type instead of resolving generic metadata on every request.
public struct Router<Handler: Sendable>: Sendable {
    public enum Match: Sendable {
        case found(Handler, parameters: [String: String], pattern: String)
        /// The path exists but not for this method; `allow` lists those it has.
        case methodNotAllowed(allow: [HTTPMethod])
        case notFound
    }

    @usableFromInline var root = RouteNode<Handler>()
    public private(set) var patterns: [(method: HTTPMethod, pattern: String)] = []

    public init() {}

    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: Handler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        root.insert(segments[...], method: method, pattern: pattern, handler: handler)
        patterns.append((method, pattern))
    }

    /// Finds the handler; `HEAD` falls back to the `GET` handler (RFC 9110 §9.3.2).
    @inlinable
    public func match(_ method: HTTPMethod, _ segments: [String]) -> Match {
        var parameters: [String: String] = [:]
        guard let node = root.find(segments[...], parameters: &parameters) else { return .notFound }
        if let route = node.routes[method] ?? (method == .head ? node.routes[.get] : nil) {
            return .found(route.handler, parameters: parameters, pattern: route.pattern)
        }
        return .methodNotAllowed(allow: node.allowedMethods)
    }
}

/// One path segment's node: literal children are tried before the parameter child,
/// so `/schools/import` wins over `/schools/{urn}`.
@usableFromInline
struct RouteNode<Handler: Sendable>: Sendable {
    @usableFromInline var literals: [String: RouteNode] = [:]
    @usableFromInline var parameterName: String?
    @usableFromInline var parameterChild: [RouteNode] = []  // zero or one; an array keeps the struct recursive
    @usableFromInline var routes: [HTTPMethod: (pattern: String, handler: Handler)] = [:]

    @usableFromInline init() {}

    @usableFromInline var allowedMethods: [HTTPMethod] {
        var methods = Set(routes.keys)
        if methods.contains(.get) { methods.insert(.head) }
        methods.insert(.options)
        return methods.sorted { $0.rawValue < $1.rawValue }
    }

    mutating func insert(_ segments: ArraySlice<String>, method: HTTPMethod, pattern: String, handler: Handler) {
        guard let first = segments.first else {
            precondition(routes[method] == nil, "duplicate route \(method) \(pattern)")
            routes[method] = (pattern, handler)
            return
        }
        let rest = segments.dropFirst()
        if first.hasPrefix("{") && first.hasSuffix("}") {
            let name = String(first.dropFirst().dropLast())
            precondition(parameterName == nil || parameterName == name, "conflicting parameter names in \(pattern)")
            parameterName = name
            if parameterChild.isEmpty { parameterChild.append(RouteNode()) }
            parameterChild[0].insert(rest, method: method, pattern: pattern, handler: handler)
        } else {
            literals[first, default: RouteNode()].insert(rest, method: method, pattern: pattern, handler: handler)
        }
    }

    /// A node without routes is no match, so the search backs up and tries the
    /// parameter: `/a/b` reaches `/a/{id}` even though `/a/b/c` exists.
    @inlinable
    func find(_ segments: ArraySlice<String>, parameters: inout [String: String]) -> RouteNode? {
        guard let first = segments.first else { return routes.isEmpty ? nil : self }
        let rest = segments.dropFirst()
        if let literal = literals[first], let found = literal.find(rest, parameters: &parameters) {
            return found
        }
        if let name = parameterName, !first.isEmpty, let found = parameterChild[0].find(rest, parameters: &parameters) {
            parameters[name] = first
            return found
        }
        return nil
    }
}
