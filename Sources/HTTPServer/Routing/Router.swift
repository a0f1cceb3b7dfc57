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

    /// The tree as a flat array of nodes linked by index: matching walks it
    /// without copying nodes or retaining their children, which a tree of
    /// nested value types did on every request.
    @usableFromInline var nodes = [RouteNode()]
    @usableFromInline var routes: [(pattern: String, handler: Handler)] = []

    public init() {}

    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: Handler) {
        var node = 0
        for segment in pattern.split(separator: "/", omittingEmptySubsequences: true) {
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                let name = String(segment.dropFirst().dropLast())
                if let parameter = nodes[node].parameter {
                    precondition(parameter.name == name, "conflicting parameter names in \(pattern)")
                    node = parameter.node
                } else {
                    nodes.append(RouteNode())
                    nodes[node].parameter = (name, nodes.count - 1)
                    node = nodes.count - 1
                }
            } else if let literal = nodes[node].literals.first(where: { $0.segment == segment }) {
                node = literal.node
            } else {
                nodes.append(RouteNode())
                nodes[node].literals.append((String(segment), nodes.count - 1))
                node = nodes.count - 1
            }
        }
        precondition(nodes[node].route(for: method) == nil, "duplicate route \(method) \(pattern)")
        routes.append((pattern, handler))
        nodes[node].routes.append((method, routes.count - 1))
    }

    /// Finds the handler; `HEAD` falls back to the `GET` handler (RFC 9110 §9.3.2).
    @inlinable
    public func match(_ method: HTTPMethod, _ segments: [String]) -> Match {
        var parameters: [String: String] = [:]
        guard let node = find(segments, from: 0, at: 0, parameters: &parameters) else { return .notFound }
        if let index = nodes[node].route(for: method) ?? (method == .head ? nodes[node].route(for: .get) : nil) {
            return .found(routes[index].handler, parameters: parameters, pattern: routes[index].pattern)
        }
        return .methodNotAllowed(allow: nodes[node].allowedMethods)
    }

    /// Literal children are tried before the parameter child, so
    /// `/schools/import` wins over `/schools/{urn}`. A node without routes is no
    /// match, so the search backs up and tries the parameter: `/a/b` reaches
    /// `/a/{id}` even though `/a/b/c` exists.
    @inlinable
    func find(_ segments: [String], from depth: Int, at node: Int, parameters: inout [String: String]) -> Int? {
        guard depth < segments.count else { return nodes[node].routes.isEmpty ? nil : node }
        let segment = segments[depth]
        if let literal = nodes[node].child(named: segment),
            let found = find(segments, from: depth + 1, at: literal, parameters: &parameters)
        {
            return found
        }
        if let parameter = nodes[node].parameter, !segment.isEmpty,
            let found = find(segments, from: depth + 1, at: parameter.node, parameters: &parameters)
        {
            parameters[parameter.name] = segment
            return found
        }
        return nil
    }
}

/// One path segment's node. Arrays, not dictionaries: a node has a handful of
/// children and methods, and comparing short strings beats hashing them.
@usableFromInline
struct RouteNode: Sendable {
    @usableFromInline var literals: [(segment: String, node: Int)] = []
    @usableFromInline var parameter: (name: String, node: Int)?
    /// Indices into the router's `routes`.
    @usableFromInline var routes: [(method: HTTPMethod, route: Int)] = []

    @usableFromInline init() {}

    @inlinable
    func child(named segment: String) -> Int? {
        for literal in literals where literal.segment == segment { return literal.node }
        return nil
    }

    @inlinable
    func route(for method: HTTPMethod) -> Int? {
        for route in routes where route.method == method { return route.route }
        return nil
    }

    @usableFromInline var allowedMethods: [HTTPMethod] {
        var methods = Set(routes.map(\.method))
        if methods.contains(.get) { methods.insert(.head) }
        methods.insert(.options)
        return methods.sorted { $0.rawValue < $1.rawValue }
    }
}
