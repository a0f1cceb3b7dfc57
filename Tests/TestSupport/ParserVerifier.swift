import HTTPServer
import Testing

/// Runs every parser case three ways — the input whole, one byte at a time, and
/// pipelined between two neighbouring requests in one buffer — and records an
/// issue unless all three agree. An incremental parser is only right if where
/// the input happens to be split can never change what it finds.
public struct ParserVerifier: Sendable {
    public var limits: ParserLimits
    public var bodyLimit: Int

    /// What every mode must agree on, in order. `.continueExpected` only appears
    /// when the head arrives without its body, so it is reported by
    /// `Verification.byteByByte` but left out of the comparison.
    public enum Outcome: Equatable, Sendable, CustomStringConvertible {
        case continueExpected
        case request(ParsedRequest)
        case failure(HTTPParseError)

        public var description: String {
            switch self {
            case .continueExpected: "continueExpected"
            case .request(let request): "request(\(request))"
            case .failure(let error): "failure(\(error), \(error.status.code))"
            }
        }
    }

    public struct Verification: Sendable {
        /// The outcomes of the whole input, which the other modes matched.
        public let outcomes: [Outcome]
        /// The byte-at-a-time run as it happened, `.continueExpected` included.
        public let byteByByte: [Outcome]

        /// The single request parsed, if that is what the input held.
        public var request: ParsedRequest? {
            if outcomes.count == 1, case .request(let request) = outcomes[0] { request } else { nil }
        }

        /// The failure the input ended in, if any.
        public var failure: HTTPParseError? {
            if case .failure(let error)? = outcomes.last { error } else { nil }
        }
    }

    /// A request short enough to read in a test failure; the neighbour of every pipelined run.
    public static let neighbour = Array("GET /neighbour?n=1 HTTP/1.1\r\nHost: neighbour\r\n\r\n".utf8)

    public init(limits: ParserLimits = ParserLimits(), bodyLimit: Int = 1 << 20) {
        self.limits = limits
        self.bodyLimit = bodyLimit
    }

    @discardableResult
    public func verify(_ input: String, sourceLocation: SourceLocation = #_sourceLocation) -> Verification {
        verify(Array(input.utf8), sourceLocation: sourceLocation)
    }

    /// `input` must hold whole requests, or end in a failure.
    @discardableResult
    public func verify(_ input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Verification {
        let whole = run([input], sourceLocation: sourceLocation)
        let bytes = run(input.map { [$0] }, sourceLocation: sourceLocation)
        let pipelined = run([Self.neighbour + input + Self.neighbour], sourceLocation: sourceLocation)
        let outcomes = whole.filter { $0 != .continueExpected }
        let neighbour = Outcome.request(ParsedRequest(Self.neighbourRequest))
        let expectedPipelined = [neighbour] + outcomes + (outcomes.last.map(Self.isFailure) == true ? [] : [neighbour])
        if bytes.filter({ $0 != .continueExpected }) != outcomes {
            Issue.record("byte at a time: \(bytes)\nwhole: \(outcomes)", sourceLocation: sourceLocation)
        }
        if pipelined.filter({ $0 != .continueExpected }) != expectedPipelined {
            Issue.record("pipelined: \(pipelined)\nexpected: \(expectedPipelined)", sourceLocation: sourceLocation)
        }
        return Verification(outcomes: outcomes, byteByByte: bytes)
    }

    /// Feeds `pieces` one after another, parsing after each until more data is needed.
    private func run(_ pieces: [[UInt8]], sourceLocation: SourceLocation) -> [Outcome] {
        var parser = RequestParser(limits: limits)
        var buffer = InputBuffer()
        var outcomes: [Outcome] = []
        for piece in pieces {
            buffer.append(piece)
            parsing: while true {
                switch parser.parse(&buffer, bodyLimit: { _ in bodyLimit }) {
                case .needMoreData:
                    break parsing
                case .continueExpected:
                    outcomes.append(.continueExpected)
                case .request(let request):
                    outcomes.append(.request(ParsedRequest(request)))
                case .failure(let error):
                    outcomes.append(.failure(error))
                    // A failed parser stays failed: nothing after an error is parsed.
                    guard case .failure(error) = parser.parse(&buffer, bodyLimit: { _ in bodyLimit }) else {
                        Issue.record("parser did not stay failed after \(error)", sourceLocation: sourceLocation)
                        return outcomes
                    }
                    return outcomes
                }
            }
        }
        if parser.isMidRequest(buffer) {
            Issue.record("input ended mid-request after \(outcomes)", sourceLocation: sourceLocation)
        }
        return outcomes
    }

    private static func isFailure(_ outcome: Outcome) -> Bool {
        if case .failure = outcome { true } else { false }
    }

    private static let neighbourRequest: Request = {
        var parser = RequestParser()
        var buffer = InputBuffer(neighbour)
        guard case .request(let request) = parser.parse(&buffer, bodyLimit: { _ in 0 }) else {
            fatalError("the neighbour request must parse")
        }
        return request
    }()
}

/// The parts of a `Request` the parser is responsible for, comparable across runs.
public struct ParsedRequest: Equatable, Sendable, CustomStringConvertible {
    public struct Field: Equatable, Sendable, CustomStringConvertible {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }

        public var description: String { "\(name)=\(value)" }
    }

    public var method: String
    public var target: String
    public var pathSegments: [String]
    public var query: [Field]
    public var version: HTTPVersion
    public var headers: [Field]
    public var body: [UInt8]
    public var keepAlive: Bool
    /// The client's `X-Request-Id` when it was echoed; nil when the engine made
    /// one up (generated ids differ from run to run, so they are not compared).
    public var echoedRequestID: String?

    public init(_ request: Request) {
        method = request.method.rawValue
        target = request.target
        pathSegments = request.pathSegments
        query = request.query.map { Field($0.name, $0.value) }
        version = request.version
        headers = request.headers.map { Field($0.name, $0.value) }
        body = request.body
        keepAlive = request.keepAlive
        echoedRequestID = request.headers["X-Request-Id"] == request.requestID ? request.requestID : nil
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    public var description: String {
        "\(method) \(pathSegments) \(query) \(version) \(headers) body=\(body.count) keepAlive=\(keepAlive)"
    }
}
