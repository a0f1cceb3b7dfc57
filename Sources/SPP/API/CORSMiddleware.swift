import HTTPServer

/// CORS for the configured origins only (CONTRACT §1). It sits outermost, so
/// errors, `304`s and rate-limit answers carry the headers too.
struct CORSMiddleware: Middleware {
    let allowedOrigins: Set<String>

    static let allowedHeaders = "Authorization, Content-Type, If-None-Match, If-Match, Idempotency-Key"
    static let exposedHeaders =
        "ETag, Link, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Idempotent-Replayed"

    func respond(to request: Request, next: (Request) throws -> Response) throws -> Response {
        guard !allowedOrigins.isEmpty else { return try next(request) }
        let origin = request.headers["Origin"].flatMap { allowedOrigins.contains($0) ? $0 : nil }
        var response: Response
        if let origin, request.method == .options, let method = request.headers["Access-Control-Request-Method"] {
            // A preflight: answer it here; the route's own OPTIONS is for plain clients.
            response = try next(request)
            guard response.status == .noContent else { return decorated(response, origin: nil) }
            response.headers.add("Access-Control-Allow-Origin", origin)
            response.headers.add("Access-Control-Allow-Methods", response.headers["Allow"] ?? method)
            response.headers.add("Access-Control-Allow-Headers", Self.allowedHeaders)
            response.headers.add("Access-Control-Max-Age", "600")
            response.headers.add("Vary", "Origin")
            return response
        }
        response = try next(request)
        return decorated(response, origin: origin)
    }

    /// CORS headers for a response made outside this middleware (the engine's
    /// own `503`s), so browser clients can read those too.
    func decorated(_ response: Response, for request: Request) -> Response {
        guard !allowedOrigins.isEmpty else { return response }
        return decorated(response, origin: request.headers["Origin"].flatMap { allowedOrigins.contains($0) ? $0 : nil })
    }

    private func decorated(_ response: Response, origin: String?) -> Response {
        var response = response
        response.headers.add("Vary", "Origin")
        if let origin {
            response.headers.add("Access-Control-Allow-Origin", origin)
            response.headers.add("Access-Control-Expose-Headers", Self.exposedHeaders)
        }
        return response
    }
}
