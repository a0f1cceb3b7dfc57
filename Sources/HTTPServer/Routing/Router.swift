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
        if let route = node.route(for: method) ?? (method == .head ? node.route(for: .get) : nil) {
            return .found(route.handler, parameters: parameters, pattern: route.pattern)
        }
        return .methodNotAllowed(allow: node.allowedMethods)
    }
}

/// One path segment's node: literal children are tried before the parameter child,
/// so `/schools/import` wins over `/schools/{urn}`.
@usableFromInline
struct RouteNode<Handler: Sendable>: Sendable {
    /// Arrays, not dictionaries: a node has a handful of children and methods,
    /// and comparing short strings beats hashing them on every request.
    @usableFromInline var literals: [(segment: String, node: RouteNode)] = []
    @usableFromInline var parameterName: String?
    @usableFromInline var parameterChild: [RouteNode] = []  // zero or one; an array keeps the struct recursive
    @usableFromInline var routes: [(method: HTTPMethod, pattern: String, handler: Handler)] = []

    @usableFromInline init() {}

    @inlinable
    func route(for method: HTTPMethod) -> (method: HTTPMethod, pattern: String, handler: Handler)? {
        routes.first { $0.method == method }
    }

    @usableFromInline var allowedMethods: [HTTPMethod] {
        var methods = Set(routes.map(\.method))
        if methods.contains(.get) { methods.insert(.head) }
        methods.insert(.options)
        return methods.sorted { $0.rawValue < $1.rawValue }
    }

    mutating func insert(_ segments: ArraySlice<String>, method: HTTPMethod, pattern: String, handler: Handler) {
        guard let first = segments.first else {
            precondition(route(for: method) == nil, "duplicate route \(method) \(pattern)")
            routes.append((method, pattern, handler))
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
            if let index = literals.firstIndex(where: { $0.segment == first }) {
                literals[index].node.insert(rest, method: method, pattern: pattern, handler: handler)
            } else {
                var node = RouteNode()
                node.insert(rest, method: method, pattern: pattern, handler: handler)
                literals.append((first, node))
            }
        }
    }

    /// A node without routes is no match, so the search backs up and tries the
    /// parameter: `/a/b` reaches `/a/{id}` even though `/a/b/c` exists.
    @inlinable
    func find(_ segments: ArraySlice<String>, parameters: inout [String: String]) -> RouteNode? {
        guard let first = segments.first else { return routes.isEmpty ? nil : self }
        let rest = segments.dropFirst()
        if let literal = literals.first(where: { $0.segment == first }),
            let found = literal.node.find(rest, parameters: &parameters)
        {
            return found
        }
        if let name = parameterName, !first.isEmpty, let found = parameterChild[0].find(rest, parameters: &parameters) {
            parameters[name] = first
            return found
        }
        return nil
    }
}
