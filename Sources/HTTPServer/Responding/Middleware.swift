/// A step wrapped around a handler: it may answer itself, change the request,
/// or post-process the response.
public protocol Middleware: Sendable {
    func respond(to request: Request, next: (Request) throws -> Response) throws -> Response
}

extension Array where Element == any Middleware {
    /// Runs the middlewares in order, outermost first, around `handler`.
    public func respond(to request: Request, handler: (Request) throws -> Response) throws -> Response {
        try respond(to: request, from: startIndex, handler: handler)
    }

    private func respond(to request: Request, from index: Int, handler: (Request) throws -> Response) throws -> Response
    {
        guard index < endIndex else { return try handler(request) }
        return try self[index].respond(to: request) { try self.respond(to: $0, from: index + 1, handler: handler) }
    }
}
