import HTTPServer
import Logging
import SQLiteStore

/// The composition root: opens the store, wires services and routes, and runs
/// the HTTP server. Used by `spp serve` and by the integration tests alike.
public final class SPPApplication: Sendable {
    public let services: Services
    private let server: Server
    /// Every registered route, for checking the router against `openapi.yaml`.
    public let routes: [(method: HTTPMethod, pattern: String, query: Set<String>)]

    public var port: Int { server.port }

    public init(
        configuration: AppConfiguration, resources: ResourceDirectory, clock: any WallClock = SystemClock(),
        logger: Logger
    ) throws {
        services = try Services.open(path: configuration.databasePath, resources: resources, clock: clock)
        do {
            var routes = RouteTable()
            let metrics = RequestMetrics()
            OperationsRoutes.register(
                in: &routes, database: services.database, schemaVersion: services.schemaVersion,
                openAPIDocument: try resources.openAPIDocument(), metrics: metrics)
            AccessRoutes.register(in: &routes, keys: services.keys)
            PartnershipRoutes.register(
                in: &routes, partnerships: services.partnerships, memberships: services.memberships)
            PeopleRoutes.register(in: &routes, people: services.people)
            SchoolRoutes.register(
                in: &routes, schools: services.schools, imports: services.schoolImport,
                importBodyLimit: configuration.importMaxBodyBytes)
            TrustRoutes.register(in: &routes, trusts: services.trusts)
            TrainingSessionRoutes.register(in: &routes, sessions: services.trainingSessions)
            BookingRoutes.register(in: &routes, bookings: services.bookings)
            InspectionRoutes.register(in: &routes, inspections: services.inspections)
            OutcomeRoutes.register(in: &routes, outcomes: services.outcomes)
            ReviewRoutes.register(in: &routes, reviews: services.reviews, actions: services.reviewActions)
            ChangeRoutes.register(in: &routes, feed: services.changes, audit: services.audit)
            self.routes = routes.registered
            let responder = APIResponder(
                routes: routes, database: services.database, keys: services.keys, metrics: metrics,
                rateLimiter: RateLimiter(perMinute: configuration.rateLimit),
                corsOrigins: configuration.corsOrigins, clock: clock, logger: logger,
                defaultBodyLimit: configuration.maxBodyBytes)
            let serverConfiguration = ServerConfiguration(
                host: configuration.host, port: configuration.port, ioThreads: configuration.ioThreads,
                workerThreads: configuration.workerThreads, defaultBodyLimit: configuration.maxBodyBytes)
            let server = try Server(configuration: serverConfiguration, responder: responder, logger: logger)
            metrics.observeConnections { server.openConnections }
            self.server = server
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
