import HTTPServer
import Logging

/// The application as the engine sees it: routing, the middleware chain, key
/// checks and rate limits around each route's handler.
///
/// The path of one request: `plan` (body limit) → `respond` → CORS →
/// error mapping → conditional GET → route match → authentication → rate
/// limit → handler.
public struct APIResponder: Responder {
    let router: Router<APIRoute>
    let keys: APIKeyService
    let rateLimiter: RateLimiter
    let clock: any WallClock
    let logger: Logger
    let defaultBodyLimit: Int
    let middlewares: [any Middleware]

    init(routes: RouteTable, keys: APIKeyService, rateLimiter: RateLimiter, corsOrigins: Set<String>,
         clock: any WallClock, logger: Logger, defaultBodyLimit: Int) {
        router = routes.router
        self.keys = keys
        self.rateLimiter = rateLimiter
        self.clock = clock
        self.logger = logger
        self.defaultBodyLimit = defaultBodyLimit
        middlewares = [
            CORSMiddleware(allowedOrigins: corsOrigins),
            ProblemMiddleware(logger: logger),
            ConditionalGETMiddleware(),
        ]
    }

    public func plan(for request: Request) -> RequestPlan {
        if case .found(let route, _, _) = router.match(request.method, request.pathSegments) {
            let inline = route.runsInline && !request.headers.contains("Authorization")
            return RequestPlan(bodyLimit: route.bodyLimit ?? defaultBodyLimit, runsInline: inline)
        }
        return RequestPlan(bodyLimit: defaultBodyLimit)
    }

    public func respond(to request: Request) throws -> Response {
        try middlewares.respond(to: request, handler: route)
    }

    private func route(_ request: Request) throws -> Response {
        switch router.match(request.method, request.pathSegments) {
        case .notFound:
            throw Problem.notFound("No route for \(request.path).")
        case .methodNotAllowed(let allow):
            let allowHeader = allow.map(\.rawValue).joined(separator: ", ")
            if request.method == .options {
                return Response(status: .noContent, headers: ["Allow": allowHeader])
            }
            var problem = Problem(.methodNotAllowed, "\(request.method) is not allowed on \(request.path).")
            problem.headers = [("Allow", allowHeader)]
            throw problem
        case .found(let route, let parameters, _):
            var request = request
            request.parameters = parameters
            let caller = try authenticate(request, access: route.access)
            let limit = rateLimit(caller, request)
            if let limit, !limit.allowed {
                var problem = Problem(.tooManyRequests, "Rate limit of \(limit.limit) requests per minute exceeded.")
                problem.headers = [("Retry-After", String(limit.resetIn))] + Self.rateLimitHeaders(limit)
                throw problem
            }
            var response = try route.handler(RequestContext(request: request, caller: caller, clock: clock))
            if let limit { for (name, value) in Self.rateLimitHeaders(limit) { response.headers.add(name, value) } }
            return response
        }
    }

    /// CONTRACT §2: a key that is sent must be valid, even on public routes.
    private func authenticate(_ request: Request, access: AccessRequirement) throws -> Caller {
        guard let header = request.headers["Authorization"] else {
            if access == .anyone { return .anonymous }
            throw Problem.unauthorized("This route needs an API key: send Authorization: Bearer <key>.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].equalsIgnoringASCIICase("Bearer"),
            let caller = try keys.authenticate(String(parts[1].trimmingOWS()))
        else {
            throw Problem.unauthorized("The API key is unknown or revoked.")
        }
        if access == .admin && !caller.isAdmin { throw Problem.forbidden("This route needs an admin key.") }
        return caller
    }

    private func rateLimit(_ caller: Caller, _ request: Request) -> RateLimiter.Decision? {
        guard rateLimiter.isEnabled, !caller.isAdmin else { return nil }
        let client = caller.keyID.map { "key:\($0)" } ?? "ip:\(request.remoteAddress)"
        return rateLimiter.check(client: client, now: clock.now())
    }

    private static func rateLimitHeaders(_ decision: RateLimiter.Decision) -> [(String, String)] {
        [("RateLimit-Limit", String(decision.limit)), ("RateLimit-Remaining", String(decision.remaining)),
         ("RateLimit-Reset", String(decision.resetIn))]
    }
}

/// The one place errors become responses: problems as they are, store
/// conflicts as `409`, anything else logged and answered with a bare `500`.
struct ProblemMiddleware: Middleware {
    let logger: Logger

    func respond(to request: Request, next: (Request) throws -> Response) throws -> Response {
        do {
            return try next(request)
        } catch let error as HTTPResponseError {
            return error.response(for: request)
        } catch {
            if let problem = DomainErrorMapping.problem(for: error) { return problem.response(for: request) }
            logger.error("unhandled error", metadata: ["requestId": "\(request.requestID)", "error": "\(error)"])
            return Problem(.internalServerError, "An unexpected error occurred.").response(for: request)
        }
    }
}
