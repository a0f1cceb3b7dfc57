/// A complete response. Bodies are small JSON or CSV documents, so they are
/// built whole rather than streamed.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An RFC 9457 problem document, for the engine's own errors (parse failures,
    /// draining, overload) that happen before any application code runs.
    public static func problem(_ status: HTTPStatus, detail: String) -> Response {
        var body = #"{"type":"about:blank","title":""#
        body += status.reasonPhrase
        body += #"","status":"#
        body += String(status.code)
        body += #","detail":""#
        for scalar in detail.unicodeScalars {
            switch scalar {
            case "\"": body += "\\\""
            case "\\": body += "\\\\"
            case _ where scalar.value < 0x20:
                body +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: body.unicodeScalars.append(scalar)
            }
        }
        body += "\"}"
        return Response(status: status, headers: ["Content-Type": "application/problem+json"], body: Array(body.utf8))
    }
}
