import Foundation
import HTTPServer
import JSON
import Logging
import SPP

/// The real application on an ephemeral port with a temporary database, for
/// integration tests. Stop it with `stop()` (tests call it in `defer`).
public final class TestServer: @unchecked Sendable {
    // @unchecked: immutable after init; `app` is itself Sendable.
    public let app: SPPApplication
    public let clock: FixedClock
    public let directory: URL
    public let adminKey: String
    public var port: Int { app.port }
    public var databasePath: String { directory.appendingPathComponent("spp.sqlite").path }

    /// The checkout's root, where `migrations/` and `openapi.yaml` live.
    public static let resources = ResourceDirectory(
        path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path)

    public init(clock: FixedClock = FixedClock(), configure: (inout AppConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spp-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = AppConfiguration()
        configuration.port = 0
        configuration.databasePath = directory.appendingPathComponent("spp.sqlite").path
        configuration.rateLimit = 0
        configure(&configuration)
        var logger = Logger(label: "spp-test")
        logger.logLevel = .critical
        self.clock = clock
        app = try SPPApplication(configuration: configuration, resources: Self.resources, clock: clock, logger: logger)
        adminKey = try app.services.keys.create(name: "test admin", role: .admin, scope: nil, by: .commandLine).secret
    }

    public func stop() {
        app.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// One request on a fresh connection. `key` defaults to the admin key; pass
    /// nil for an anonymous request. (A literal `nil` is the outer `.none`, so
    /// the default is the inner one.)
    public func request(
        _ method: String, _ path: String, key: String?? = .some(nil), json: String? = nil,
        headers: [(String, String)] = [], body: [UInt8]? = nil
    ) throws -> TestResponse {
        let client = try RawHTTPClient(port: port)
        defer { client.close() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        let bearer: String? = key.map { $0 ?? adminKey } ?? nil
        if let bearer { head += "Authorization: Bearer \(bearer)\r\n" }
        var payload = body ?? []
        if let json {
            payload = Array(json.utf8)
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                head += "Content-Type: application/json\r\n"
            }
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !payload.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: \(payload.count)\r\n"
        }
        head += "\r\n"
        try client.send(Array(head.utf8) + payload)
        let raw = try client.readResponse(isHead: method == "HEAD")
        return TestResponse(status: raw.status, headers: raw.headers, body: raw.body)
    }
}

public struct TestResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON; `.null` when it is not JSON.
    public var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }

    /// `errors[].field` of a problem response.
    public var errorFields: [String] {
        guard case .object(let object) = json, case .array(let errors)? = object["errors"] else { return [] }
        return errors.compactMap { if case .object(let e) = $0, case .string(let f)? = e["field"] { f } else { nil } }
    }
}

/// A clock tests set and move by hand.
public final class FixedClock: WallClock {
    private let current: SystemLock<Timestamp>

    public init(_ start: String = "2026-11-28T09:30:00Z") {
        current = SystemLock(Timestamp(start)!)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    public func set(_ text: String) { current.withLock { $0 = Timestamp(text)! } }

    public func advance(seconds: Int64) { current.withLock { $0 = $0.adding(seconds: seconds) } }
}

extension JSONValue {
    /// `value["a"]?["b"]` style access for assertions.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    public var int: Int? { if case .integer(let i) = self { Int(i) } else { nil } }
    /// Any JSON number, as a `Double`.
    public var number: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
}
