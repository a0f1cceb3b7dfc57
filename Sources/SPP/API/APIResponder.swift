import HTTPServer
import Logging
import SQLiteStore

/// The application as the engine sees it: routing, the middleware chain, key
/// checks and rate limits around each route's handler.
///
/// The path of one request: `plan` (body limit, refusals before the body) →
/// `respond` (route match, metrics) → CORS → error mapping → conditional GET →
/// authentication → rate limit → unknown query parameters → idempotency (POST
/// with `Idempotency-Key`) → handler.
public struct APIResponder: Responder {
    let router: Router<APIRoute>
    let keys: APIKeyService
    let rateLimiter: RateLimiter
    let clock: any WallClock
    let logger: Logger
    let defaultBodyLimit: Int
    let metrics: RequestMetrics
    let cors: CORSMiddleware
    let middlewares: [any Middleware]
    let idempotencyKeys: IdempotencyKeys

    init(
        routes: RouteTable, database: Database, keys: APIKeyService, metrics: RequestMetrics, rateLimiter: RateLimiter,
        corsOrigins: Set<String>, clock: any WallClock, logger: Logger, defaultBodyLimit: Int
    ) {
        router = routes.router
        self.keys = keys
        self.rateLimiter = rateLimiter
        self.clock = clock
        self.logger = logger
        self.defaultBodyLimit = defaultBodyLimit
        self.metrics = metrics
        cors = CORSMiddleware(allowedOrigins: corsOrigins)
        middlewares = [
            cors,
            ProblemMiddleware(logger: logger),
            ConditionalGETMiddleware(),
        ]
        idempotencyKeys = IdempotencyKeys(database: database, clock: clock)
    }

    /// The engine's own answers to a parsed request (a refusal before the
    /// body, `413`, `503` while draining) carry the CORS headers of any other,
    /// and count in the metrics like any other.
    public func decorate(engineResponse response: Response, for request: Request) -> Response {
        let route = Self.pattern(router.match(request.method, request.pathSegments))
        metrics.record(method: request.method, route: route, status: response.status.code, duration: .zero)
        return cors.decorated(response, for: request)
    }

    public func engineAnsweredUnparsed(_ status: HTTPStatus) {
        metrics.recordUnparsed(status: status.code)
    }

    /// Only a request that may carry a body (its limit) or an anonymous one
    /// (health probes run inline) needs its route here; a keyed `GET` skips a
    /// second route match.
    ///
    /// No body is read in full from a caller the route would refuse, nor one
    /// larger than `unvettedBodyBytes` where nothing reads it (a `GET`, a path
    /// without a route): a client dripping bodies on many connections could
    /// otherwise make the server hold a megabyte on each.
    public func plan(for request: Request) -> RequestPlan {
        let isAnonymous = !request.headers.contains("Authorization")
        let readsNoBody = request.method == .get || request.method == .head
        guard isAnonymous || !readsNoBody,
            case .found(let route, _, _) = router.match(request.method, request.pathSegments)
        else { return RequestPlan(bodyLimit: Self.unvettedBodyBytes) }
        let limit = readsNoBody ? Self.unvettedBodyBytes : route.bodyLimit ?? defaultBodyLimit
        // The key is checked before the body is read wherever the body could
        // cost us: from a caller without a key, for any body; from anyone,
        // for a large one. Small bodies from keyed callers, such as every
        // create, skip the check here and have it on the worker.
        var refusal: Response?
        if route.access != .anyone, case let body = request.announcedBodyBytes, body > 0,
            isAnonymous || limit > defaultBodyLimit || body > Self.unvettedBodyBytes
        {
            refusal = self.refusal(of: request, access: route.access)
        }
        return RequestPlan(bodyLimit: limit, runsInline: route.runsInline && isAnonymous, refusal: refusal)
    }

    /// The most body read from a caller whose key is not yet checked, and
    /// from anyone where no handler reads it. Any create fits under it; so a
    /// client with a made-up key can make each connection hold no more than
    /// this while it drips a body.
    static let unvettedBodyBytes = 8 * 1024

    /// The `401` or `403` a caller without the right key gets before its body
    /// is read (see `plan`), so that nobody can make the server buffer a body
    /// it would refuse anyway: the school import takes 50 MiB, any route 1 MiB.
    /// The key is only looked up here: this runs on the I/O thread, and
    /// recording its use is a write, which the handler's own authentication
    /// does. A key not yet cached costs the I/O thread one indexed read (a
    /// reader may first have to come free).
    private func refusal(of request: Request, access: AccessRequirement) -> Response? {
        do {
            _ = try authenticate(request, access: access, lookup: keys.caller(ofSecret:))
            return nil
        } catch let problem as Problem {
            return problem.response(for: request)
        } catch {
            return nil  // the store failed: the handler's path reports it
        }
    }

    /// Matches the route once; the middlewares and the metrics both use that match.
    public func respond(to request: Request) throws -> Response {
        let started = ContinuousClock.now
        let match = router.match(request.method, request.pathSegments)
        let response = try middlewares.respond(to: request) { try route($0, match) }
        metrics.record(
            method: request.method, route: Self.pattern(match), status: response.status.code,
            duration: ContinuousClock.now - started)
        return response
    }

    /// The metrics' `route` label: the pattern matched, never the raw path.
    private static func pattern(_ match: Router<APIRoute>.Match) -> String {
        if case .found(_, _, let pattern) = match { return pattern }
        return "unmatched"
    }

    private func route(_ request: Request, _ match: Router<APIRoute>.Match) throws -> Response {
        switch match {
        case .notFound where request.method == .options && request.target == "*":
            // RFC 9110 §9.3.7: `OPTIONS *` asks about the server, not a resource.
            return Response(status: .noContent, headers: ["Allow": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"])
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
            let caller = try authenticate(request, access: route.access, lookup: keys.authenticate)
            let limit = route.rateLimited ? rateLimit(caller, request) : nil
            if let limit, !limit.allowed {
                var problem = Problem(.tooManyRequests, "Rate limit of \(limit.limit) requests per minute exceeded.")
                problem.headers = [("Retry-After", String(limit.resetIn))] + Self.rateLimitHeaders(limit)
                throw problem
            }
            try Self.refuseUnknownQuery(request, route.query)
            var response = try idempotencyKeys.respond(to: request, from: caller) {
                try route.handler(
                    RequestContext(request: request, caller: caller, clock: clock, queryNames: route.query))
            }
            if let limit { for (name, value) in Self.rateLimitHeaders(limit) { response.headers.add(name, value) } }
            return response
        }
    }

    /// One `422` naming every query parameter the route does not read.
    private static func refuseUnknownQuery(_ request: Request, _ known: Set<String>) throws {
        guard !request.query.isEmpty else { return }
        var unknown: [String] = []
        for (name, _) in request.query where !known.contains(name) && !unknown.contains(name) { unknown.append(name) }
        guard !unknown.isEmpty else { return }
        let takes =
            known.isEmpty ? "this route takes none" : "this route takes " + known.sorted().joined(separator: ", ")
        throw Problem.invalid(
            unknown.map { Problem.Issue(field: $0, message: "is not a query parameter; \(takes)") },
            detail: "The request has unknown query parameters.")
    }

    /// CONTRACT §2: a key that is sent must be valid, even on public routes.
    /// `lookup` finds a token's caller: `keys.authenticate`, which records the
    /// key's use, unless the caller is only being checked.
    private func authenticate(
        _ request: Request, access: AccessRequirement, lookup: (String) throws -> Caller?
    ) throws -> Caller {
        if access != .anyone && !request.headers.contains("Authorization") {
            throw Problem.unauthorized("This route needs an API key: send Authorization: Bearer <key>.")
        }
        guard let caller = try Self.caller(of: request, lookup: lookup) else {
            throw Problem.unauthorized("The API key is unknown or revoked.")
        }
        if access == .admin && !caller.isAdmin { throw Problem.forbidden("This route needs an admin key.") }
        return caller
    }

    /// Who sent the request: anonymous without `Authorization`, nil when the
    /// header names no valid key. Two of them would leave it to chance which
    /// key acts: `400`.
    private static func caller(of request: Request, lookup: (String) throws -> Caller?) throws -> Caller? {
        guard let header = request.headers["Authorization"] else { return .anonymous }
        guard request.headers.count(of: "Authorization") == 1 else {
            throw Problem.badRequest("Send one Authorization header, not several.")
        }
        // Split on the bytes: splitting Characters cost 4k instructions a request.
        let utf8 = header.utf8
        guard let space = utf8.firstIndex(of: UInt8(ascii: " ")),
            Substring(utf8[..<space]).equalsIgnoringASCIICase("Bearer")
        else { return nil }
        let token = Substring(utf8[utf8.index(after: space)...]).trimmingOWS()
        return token.isEmpty ? nil : try lookup(String(token))
    }

    private func rateLimit(_ caller: Caller, _ request: Request) -> RateLimiter.Decision? {
        guard rateLimiter.isEnabled, !caller.isAdmin else { return nil }
        let client = caller.keyID.map { "key:\($0)" } ?? "ip:\(request.remoteAddress)"
        return rateLimiter.check(client: client, now: clock.now())
    }

    private static func rateLimitHeaders(_ decision: RateLimiter.Decision) -> [(String, String)] {
        [
            ("RateLimit-Limit", String(decision.limit)), ("RateLimit-Remaining", String(decision.remaining)),
            ("RateLimit-Reset", String(decision.resetIn)),
        ]
    }
}

/// The one place errors become responses: problems as they are, store
/// conflicts as `409`, anything else logged and answered with a bare `500`.
struct ProblemMiddleware: Middleware {
    let logger: Logger

    func respond(to request: Request, next: (Request) throws -> Response) throws -> Response {
        do {
            return try next(request)
        } catch {
            if let response = Self.knownResponse(for: error, request) { return response }
            logger.error("unhandled error", metadata: ["requestId": "\(request.requestID)", "error": "\(error)"])
            return Problem(.internalServerError, "An unexpected error occurred.").response(for: request)
        }
    }

    /// The answer to an error the application knows; nil for anything unexpected.
    static func knownResponse(for error: any Error, _ request: Request) -> Response? {
        if let error = error as? HTTPResponseError { return error.response(for: request) }
        return DomainErrorMapping.problem(for: error)?.response(for: request)
    }
}
