/// The one thing the engine asks of an application: how to handle a request.
///
/// Responses are returned, not thrown: the application owns the single place
/// where its errors become responses. A responder that does throw has its error
/// logged and answered with a bare `500`.
public protocol Responder: Sendable {
    /// Asked once the head is parsed, before the body is read, so a route can
    /// refuse an oversized body without reading it and cheap routes can skip
    /// the hop to the worker pool.
    func plan(for request: Request) -> RequestPlan

    func respond(to request: Request) throws -> Response

    /// Lets the application add what every response of its own carries (CORS
    /// headers, say), and count it, on the answers the engine makes to a
    /// parsed request without it: a plan's refusal, a body too large or
    /// malformed, `503` while draining or overloaded.
    func decorate(engineResponse response: Response, for request: Request) -> Response

    /// Told of each answer the engine gives before a request's head could be
    /// parsed (400, 408, 414, 417, 431, 501, 505), which has no request to
    /// decorate or route to count it under.
    func engineAnsweredUnparsed(_ status: HTTPStatus)
}

extension Responder {
    public func decorate(engineResponse response: Response, for request: Request) -> Response { response }
    public func engineAnsweredUnparsed(_ status: HTTPStatus) {}
}

/// How the engine should treat a request whose head has been parsed.
public struct RequestPlan: Sendable {
    /// Largest body accepted; larger → `413` without reading it.
    public var bodyLimit: Int
    /// Run on the I/O thread rather than the worker pool. Only for handlers that
    /// never block and finish in microseconds (health checks, static documents).
    public var runsInline: Bool
    /// An answer to give at once (through `decorate`), without reading a body
    /// (or sending `100 Continue`) and then closing: for a caller the route
    /// would refuse, so it cannot make the server buffer a body. A request
    /// that turns out to have no body is handed to `respond` as usual, which
    /// must refuse it too.
    public var refusal: Response?

    public init(bodyLimit: Int, runsInline: Bool = false, refusal: Response? = nil) {
        self.bodyLimit = bodyLimit
        self.runsInline = runsInline
        self.refusal = refusal
    }
}
