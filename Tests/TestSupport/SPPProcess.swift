import Foundation

/// Runs the built `spp` executable (or another program) for command-line tests.
public final class SPPProcess: @unchecked Sendable {
    // @unchecked: the pipes are read from one test thread at a time.
    public let process: Process
    private let output: Pipe

    /// `.build/debug/spp` of this checkout, which `swift build --build-tests` (and so `swift test`) builds.
    public static let executable = URL(fileURLWithPath: TestServer.resources.path + "/.build/debug/spp")

    private init(process: Process, output: Pipe) {
        self.process = process
        self.output = output
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

    /// Starts `spp` in the background; stop it with SIGTERM or `terminate()`.
    public static func start(_ arguments: [String]) throws -> SPPProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ["SPP_RESOURCES": TestServer.resources.path, "SPP_LOG_LEVEL": "warning"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        return SPPProcess(process: process, output: out)
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

    public enum ProcessError: Error { case exitedEarly, noPort(String) }
}
