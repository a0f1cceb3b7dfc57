import ArgumentParser
import Foundation
import Logging
import SPP

/// Options every command shares; each also reads its `SPP_*` variable.
struct DatabaseOption: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite database file (SPP_DB; default ./spp.sqlite).")
    var path: String?

    func configuration(extra: [String: String?] = [:]) throws -> AppConfiguration {
        var options = extra
        options["SPP_DB"] = path
        do {
            return try AppConfiguration.resolve(options: options, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

enum CommandSupport {
    /// Text lines on stderr, or one JSON object per line for log shippers.
    static func bootstrapLogging(_ configuration: AppConfiguration) -> Logger {
        let format = configuration.logFormat
        LoggingSystem.bootstrap { label in
            format == .json
                ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        var logger = Logger(label: "spp")
        logger.logLevel = configuration.logLevel
        return logger
    }

    /// For commands that act on a database someone made (an import, a
    /// backup): a mistyped `--db` is an error, not a new empty database.
    static func openExistingServices(_ configuration: AppConfiguration) throws -> Services {
        let path = configuration.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no database at \(path); create one with: spp migrate --db \(path)")
        }
        return try openServices(configuration)
    }

    static func openServices(_ configuration: AppConfiguration) throws -> Services {
        try Services.open(
            path: configuration.databasePath, resources: try ResourceDirectory.locate(), clock: SystemClock())
    }
}
