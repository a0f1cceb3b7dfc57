import HTTPServer
import JSON

/// An RFC 9457 problem: the one error type handlers throw and the one shape
/// every error response has.
public struct Problem: Error, HTTPResponseError, Equatable {
    public struct Issue: Equatable, Sendable {
        public var field: String
        public var message: String
        /// The physical CSV line, for import errors.
        public var line: Int?

        public init(field: String, message: String, line: Int? = nil) {
            self.field = field
            self.message = message
            self.line = line
        }
    }

    public var status: HTTPStatus
    public var detail: String
    public var errors: [Issue]
    public var headers: [(String, String)] = []

    public init(_ status: HTTPStatus, _ detail: String, errors: [Issue] = []) {
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    public static func == (a: Problem, b: Problem) -> Bool {
        a.status == b.status && a.detail == b.detail && a.errors == b.errors
    }

    public static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, detail) }
    public static func notFound(_ detail: String = "No such resource.") -> Problem { Problem(.notFound, detail) }
    public static func conflict(_ detail: String) -> Problem { Problem(.conflict, detail) }
    public static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, detail) }

    public static func unauthorized(_ detail: String) -> Problem {
        var problem = Problem(.unauthorized, detail)
        problem.headers = [("WWW-Authenticate", "Bearer")]
        return problem
    }

    /// `422` listing every problem found, so a client can fix them all at once.
    public static func invalid(_ errors: [Issue], detail: String = "The request has invalid fields.") -> Problem {
        Problem(.unprocessableContent, detail, errors: errors)
    }

    public static func invalid(field: String, _ message: String) -> Problem {
        invalid([Issue(field: field, message: message)])
    }

    public static func invalid(_ errors: [FieldError]) -> Problem {
        invalid(errors.map { Issue(field: $0.field, message: $0.message) })
    }

    public func response(for request: Request) -> Response {
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "about:blank")
        w.field("title", status.reasonPhrase)
        w.field("status", status.code)
        w.field("detail", detail)
        if !errors.isEmpty {
            w.key("errors")
            w.beginArray()
            for issue in errors {
                w.beginObject()
                if let line = issue.line { w.field("line", line) }
                w.field("field", issue.field)
                w.field("message", issue.message)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
        var headers: HTTPHeaders = ["Content-Type": "application/problem+json"]
        for (name, value) in self.headers { headers.add(name, value) }
        return Response(status: status, headers: headers, body: w.bytes)
    }
}
