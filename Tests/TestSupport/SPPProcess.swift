import Foundation
import Testing

/// Runs the built `spp` executable (or another program) for command-line tests.
public final class SPPProcess: @unchecked Sendable {
    // @unchecked: the pipes are read from one test thread at a time.
    public let process: Process
    private let output: Pipe
    /// The server's stderr, kept in a file so it can never fill a pipe and block it.
    private let errorLog: URL

    /// The `spp` built beside the running tests (`swift build --build-tests`, and
    /// so `swift test`, builds it), so that under `--sanitize=thread` the server
    /// is instrumented too.
    public static let executable = Bundle.main.executableURL!.deletingLastPathComponent()
        .appendingPathComponent("spp")

    private init(process: Process, output: Pipe, errorLog: URL) {
        self.process = process
        self.output = output
        self.errorLog = errorLog
    }

    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let errors: String
    }

    public static func run(_ arguments: [String], executable: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable.map(URL.init(fileURLWithPath:)) ?? Self.executable
        process.arguments = arguments
        process.environment = ["SPP_RESOURCES": TestServer.resources.path, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            errors: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `spp` in the background; end it with `stop`.
    public static func start(_ arguments: [String]) throws -> SPPProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ["SPP_RESOURCES": TestServer.resources.path, "SPP_LOG_LEVEL": "warning"]
        let out = Pipe()
        process.standardOutput = out
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("spp-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorLog.path, contents: nil),
            let errors = FileHandle(forWritingAtPath: errorLog.path)
        else { throw ProcessError.noErrorLog(errorLog.path) }
        defer { try? errors.close() }
        process.standardError = errors
        try process.run()
        return SPPProcess(process: process, output: out, errorLog: errorLog)
    }

    /// Sends `signal`, waits for the exit and returns its status. A data race
    /// that ThreadSanitizer reported in the server fails the test.
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let errors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: errorLog)
        if let report = errors.range(of: "WARNING: ThreadSanitizer") {
            Issue.record("spp reported: \(errors[report.lowerBound...].prefix(2000))")
        }
        return process.terminationStatus
    }

    /// Reads the "listening on http://host:port" line `spp serve` prints.
    public func waitForPort() throws -> Int {
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw ProcessError.exitedEarly }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first,
            let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else { throw ProcessError.noPort(text) }
        return port
    }

    public enum ProcessError: Error { case exitedEarly, noPort(String), noErrorLog(String) }
}
