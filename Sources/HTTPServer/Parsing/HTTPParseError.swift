/// Why a request could not be parsed. Each case knows the status it is answered
/// with; after any of them the connection is closed, since the framing of
/// whatever follows can no longer be trusted (RFC 9112 §2.2, §6.3).
public enum HTTPParseError: Error, Equatable, Sendable {
    case malformedRequestLine
    case invalidMethod
    case invalidTarget
    case invalidVersion
    case unsupportedVersion
    case unknownMethod
    case targetTooLong
    case headerSectionTooLarge
    case tooManyHeaderFields
    case invalidHeaderField
    case obsoleteLineFolding
    case whitespaceBeforeColon
    case missingHost
    case duplicateHost
    case invalidHost
    case invalidContentLength
    case contentLengthWithTransferEncoding
    case unsupportedTransferCoding
    case invalidTransferEncoding
    case invalidChunk
    case bodyTooLarge
    case unsupportedExpectation
    case lineTerminator

    public var status: HTTPStatus {
        switch self {
        case .unsupportedVersion: .httpVersionNotSupported
        case .unknownMethod, .unsupportedTransferCoding: .notImplemented
        case .targetTooLong: .uriTooLong
        case .headerSectionTooLarge, .tooManyHeaderFields: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedExpectation: .expectationFailed
        default: .badRequest
        }
    }

    public var detail: String {
        switch self {
        case .malformedRequestLine: "The request line is not 'method SP target SP version'."
        case .invalidMethod: "The method is not a valid token."
        case .invalidTarget: "The request target contains invalid characters or percent-encoding."
        case .invalidVersion: "The HTTP version is malformed."
        case .unsupportedVersion: "Only HTTP/1 is supported (1.0, and 1.1 or later, read as 1.1)."
        case .unknownMethod: "The method is not implemented by this server."
        case .targetTooLong: "The request target is longer than this server accepts."
        case .headerSectionTooLarge: "The header section is larger than this server accepts."
        case .tooManyHeaderFields: "The request has more header fields than this server accepts."
        case .invalidHeaderField: "A header field is malformed."
        case .obsoleteLineFolding: "Obsolete line folding is not accepted."
        case .whitespaceBeforeColon: "Whitespace between a field name and the colon is not allowed."
        case .missingHost: "HTTP/1.1 requests must carry exactly one Host header."
        case .duplicateHost: "A request must not carry more than one Host header."
        case .invalidHost: "The Host header is not a valid host with an optional port."
        case .invalidContentLength: "Content-Length is invalid or given more than once."
        case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding must not both be sent."
        case .unsupportedTransferCoding: "Only the chunked transfer coding is supported."
        case .invalidTransferEncoding: "Transfer-Encoding is invalid for this request."
        case .invalidChunk: "The chunked body is malformed."
        case .bodyTooLarge: "The request body is larger than this route accepts."
        case .unsupportedExpectation: "Only the 100-continue expectation is supported."
        case .lineTerminator: "Lines must end with CRLF."
        }
    }
}
