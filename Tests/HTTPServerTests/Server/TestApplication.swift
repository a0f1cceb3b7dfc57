import Dispatch
import Glibc
import HTTPServer
import Logging
import TestSupport

/// The application behind the integration tests' servers, one route per
/// behaviour the engine must cope with:
/// - `/echo` answers the body it received;
/// - `/sleep?ms=N` holds a worker for N ms, signalling `slowStarted` first;
/// - `/inline/…` runs on the I/O thread;
/// - `/small/…` accepts bodies of at most 16 bytes;
/// - `/guarded/…` refuses (`401`) before the body unless `X-Pass` is sent,
///   then echoes like `/echo`;
/// - `/big?bytes=N` answers N bytes;
/// - `/throw` throws out of the responder;
/// - `/remote` answers the client's address as the engine saw it;
/// - anything else answers its decoded path.
struct TestApplication: Responder {
    let slowStarted = DispatchSemaphore(value: 0)

    struct Failure: Error {}

    func plan(for request: Request) -> RequestPlan {
        switch request.pathSegments.first {
        case "inline": RequestPlan(bodyLimit: 1024, runsInline: true)
        case "small": RequestPlan(bodyLimit: 16)
        case "guarded":
            RequestPlan(
                bodyLimit: 1 << 20,
                refusal: request.headers.contains("X-Pass") ? nil : Response.problem(.unauthorized, detail: "No pass."))
        default: RequestPlan(bodyLimit: 1 << 20)
        }
    }

    /// Marks the engine's own answers, so tests can see the hook is applied.
    func decorate(engineResponse response: Response, for request: Request) -> Response {
        var response = response
        response.headers.add("X-Decorated-For", request.path)
        return response
    }

    func respond(to request: Request) throws -> Response {
        switch request.pathSegments.first {
        case "echo", "guarded":
            return Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body)
        case "sleep":
            slowStarted.signal()
            usleep(UInt32(request.queryValue("ms").flatMap(Int.init) ?? 0) * 1000)
            return Response(status: .ok, body: Array("slept".utf8))
        case "big":
            let count = request.queryValue("bytes").flatMap(Int.init) ?? 0
            return Response(status: .ok, body: [UInt8](repeating: UInt8(ascii: "x"), count: count))
        case "throw":
            throw Failure()
        case "remote":
            return Response(
                status: .ok, headers: ["Content-Type": "text/plain"], body: Array(request.remoteAddress.utf8))
        default:
            return Response(status: .ok, headers: ["Content-Type": "text/plain"], body: Array(request.path.utf8))
        }
    }
}

/// A server on an ephemeral port; every test stops it with `shutdown()` in a `defer`.
func startServer(
    _ application: TestApplication = TestApplication(), logger: Logger? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in }
) throws -> Server {
    var configuration = ServerConfiguration(port: 0, workerThreads: 4)
    configure(&configuration)
    var quiet = Logger(label: "http-server-tests")
    quiet.logLevel = .critical
    return try Server(configuration: configuration, responder: application, logger: logger ?? quiet)
}

/// Keeps every log entry's metadata, for tests of what the engine logs.
struct RecordingLogHandler: LogHandler {
    let entries: SystemLock<[Logger.Metadata]>
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        entries.withLock { $0.append(event.metadata ?? [:]) }
    }
}

/// Short timeouts for the tests that wait for one to expire.
func shortTimeouts(header: Duration = .seconds(1), keepAlive: Duration = .seconds(1)) -> ConnectionTimer.Timeouts {
    .init(header: header, bodyIdle: .seconds(1), keepAlive: keepAlive, writeIdle: .seconds(1), linger: .seconds(1))
}

/// `GET path` as an HTTP/1.1 request with a Host and any extra field lines.
func get(_ path: String, _ fields: String...) -> String {
    "GET \(path) HTTP/1.1\r\nHost: test\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n"
}

/// `POST path` with a `Content-Length` body.
func post(_ path: String, body: String) -> String {
    "POST \(path) HTTP/1.1\r\nHost: test\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
}

/// Monotonic seconds, for asserting how long something took.
func elapsed(since start: ContinuousClock.Instant) -> Double {
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return Double(seconds) + Double(attoseconds) / 1e18
}

/// Polls `condition` every 10 ms for up to `timeout`, for server-side state no read can wait on.
func eventually(within timeout: Duration = .seconds(3), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}
