import HTTPServer
import SQLiteStore

/// Health, readiness and the API description: what load balancers, container
/// orchestrators and client generators poll.
enum OperationsRoutes {
    static func register(
        in routes: inout RouteTable, database: Database, schemaVersion: Int, openAPIDocument: [UInt8],
        metrics: RequestMetrics
    ) {
        let healthy = Response.withETag(.json(Array(#"{"status":"ok"}"#.utf8)))
        // No database: a process that answers is healthy (CONTRACT §4).
        routes.add(.get, "/healthz", access: .anyone, runsInline: true, rateLimited: false) { _ in healthy }
        routes.add(.get, "/readyz", access: .anyone, rateLimited: false) { _ in
            let version = try? database.read { db in
                try db.scalarInt("SELECT max(version) FROM schema_migrations")
            }
            guard version == schemaVersion else {
                throw Problem(.serviceUnavailable, "The database is not open or not migrated.")
            }
            return Response.json(Array(#"{"status":"ready","schemaVersion":\#(schemaVersion)}"#.utf8))
        }
        let document = Response.withETag(
            Response(status: .ok, headers: ["Content-Type": "application/yaml"], body: openAPIDocument))
        routes.add(.get, "/openapi.yaml", access: .anyone, runsInline: true) { _ in document }
        routes.add(.get, "/metrics", access: .admin) { _ in
            Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"], body: metrics.exposition())
        }
    }
}
