import HTTPServer
import Logging
import SQLiteStore

/// The composition root: opens the store, wires services and routes, and runs
/// the HTTP server. Used by `spp serve` and by the integration tests alike.
public final class SPPApplication: Sendable {
    public let services: Services
    private let server: Server

    public var port: Int { server.port }

    public init(configuration: AppConfiguration, resources: ResourceDirectory, clock: any WallClock = SystemClock(), logger: Logger) throws {
        services = try Services.open(path: configuration.databasePath, resources: resources, clock: clock)
        do {
            var routes = RouteTable()
            OperationsRoutes.register(
                in: &routes, database: services.database, schemaVersion: services.schemaVersion,
                openAPIDocument: try resources.openAPIDocument())
            AccessRoutes.register(in: &routes, keys: services.keys)
            let responder = APIResponder(
                routes: routes, keys: services.keys, rateLimiter: RateLimiter(perMinute: configuration.rateLimit),
                corsOrigins: configuration.corsOrigins, clock: clock, logger: logger,
                defaultBodyLimit: configuration.maxBodyBytes)
            let serverConfiguration = ServerConfiguration(
                host: configuration.host, port: configuration.port, ioThreads: configuration.ioThreads,
                workerThreads: configuration.workerThreads, defaultBodyLimit: configuration.maxBodyBytes)
            server = try Server(configuration: serverConfiguration, responder: responder, logger: logger)
        } catch {
            services.database.close()
            throw error
        }
    }

    /// Drains in-flight requests, then closes the store cleanly.
    public func shutdown() {
        server.shutdown()
        services.database.close()
    }
}
