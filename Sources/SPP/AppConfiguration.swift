import Glibc
import Logging

/// Settings from command-line options, then `SPP_*` environment variables, then
/// defaults (CONTRACT §4). Resolved once, in one place, and passed down.
public struct AppConfiguration: Sendable {
    public enum LogFormat: String, Sendable { case text, json }

    public var host = "127.0.0.1"
    public var port = 8080
    public var databasePath = "./spp.sqlite"
    public var logLevel = Logger.Level.info
    public var logFormat = LogFormat.text
    public var corsOrigins: Set<String> = []
    /// Requests per minute per non-admin key or anonymous address; 0 = off.
    public var rateLimit = 600
    public var maxBodyBytes = 1 << 20
    /// The school import takes whole GIAS extracts.
    public var importMaxBodyBytes = 50 << 20
    /// Twice the cores: enough to overlap handlers waiting on the single SQLite
    /// writer, few enough that cheap reads are not lost to context switches
    /// (on 2 cores, 8 workers served `GET /v1/schools/{urn}` at 16k req/s, 4 at 40k).
    public var workerThreads = max(2, 2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    public var ioThreads = 1

    public init() {}

    public struct InvalidSetting: Error, CustomStringConvertible {
        public let name: String
        public let value: String
        public var description: String { "invalid value for \(name): \(value)" }
    }

    /// `options` holds what was given on the command line (nil when absent),
    /// keyed by the environment variable it overrides.
    public static func resolve(options: [String: String?], environment: [String: String]) throws -> AppConfiguration {
        func value(_ name: String) -> String? { (options[name] ?? nil) ?? environment[name] }
        func int(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = value(name) else { return nil }
            guard let n = Int(text), range.contains(n) else { throw InvalidSetting(name: name, value: text) }
            return n
        }
        var c = AppConfiguration()
        if let host = value("SPP_HOST") { c.host = host }
        if let port = try int("SPP_PORT", 0...65535) { c.port = port }
        if let db = value("SPP_DB") { c.databasePath = db }
        if let level = value("SPP_LOG_LEVEL") {
            guard
                let parsed = ["debug": Logger.Level.debug, "info": .info, "warning": .warning, "error": .error][level]
            else {
                throw InvalidSetting(name: "SPP_LOG_LEVEL", value: level)
            }
            c.logLevel = parsed
        }
        if let format = value("SPP_LOG_FORMAT") {
            guard let parsed = LogFormat(rawValue: format) else {
                throw InvalidSetting(name: "SPP_LOG_FORMAT", value: format)
            }
            c.logFormat = parsed
        }
        if let origins = value("SPP_CORS_ORIGINS") {
            c.corsOrigins = Set(origins.split(separator: ",").map { String($0.trimmingOWS()) }.filter { !$0.isEmpty })
        }
        if let limit = try int("SPP_RATE_LIMIT", 0...1_000_000) { c.rateLimit = limit }
        if let bytes = try int("SPP_MAX_BODY_BYTES", 1...(1 << 30)) { c.maxBodyBytes = bytes }
        if let threads = try int("SPP_WORKER_THREADS", 1...256) { c.workerThreads = threads }
        if let threads = try int("SPP_IO_THREADS", 1...64) { c.ioThreads = threads }
        return c
    }
}
