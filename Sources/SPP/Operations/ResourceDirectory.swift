import Foundation

/// Where the files the server reads at start-up live: `migrations/` and
/// `openapi.yaml`. Found from `SPP_RESOURCES`, else by walking up from the
/// executable (a build in `.build/…` of a checkout, or `/app/bin` in the image),
/// else from the working directory.
public struct ResourceDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> ResourceDirectory
    {
        if let explicit = environment["SPP_RESOURCES"] { return ResourceDirectory(path: explicit) }
        var candidates: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
            while url.path != "/" {
                candidates.append(url)
                url.deleteLastPathComponent()
            }
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("migrations").path)
            && FileManager.default.fileExists(atPath: candidate.appendingPathComponent("openapi.yaml").path)
        {
            return ResourceDirectory(path: candidate.path)
        }
        throw ResourceError(
            message: "cannot find migrations/ and openapi.yaml; set SPP_RESOURCES to the folder holding them")
    }

    public var migrationsPath: String { path + "/migrations" }

    public func openAPIDocument() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path + "/openapi.yaml")))
    }
}

public struct ResourceError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
