import HTTPServer
import SQLiteStore

/// Health, readiness and the API description: what load balancers, container
/// orchestrators and client generators poll.
enum OperationsRoutes {
    static func register(in routes: inout RouteTable, database: Database, schemaVersion: Int, openAPIDocument: [UInt8]) {
        let healthy = Response.json(Array(#"{"status":"ok"}"#.utf8))
        // No database: a process that answers is healthy (CONTRACT §4).
        routes.add(.get, "/healthz", access: .anyone, runsInline: true) { _ in healthy }
        routes.add(.get, "/readyz", access: .anyone) { _ in
            let version = try? database.read { db in
                try db.scalarInt("SELECT max(version) FROM schema_migrations")
            }
            guard version == schemaVersion else {
                throw Problem(.serviceUnavailable, "The database is not open or not migrated.")
            }
            return Response.json(Array(#"{"status":"ready","schemaVersion":\#(schemaVersion)}"#.utf8))
        }
        let document = Response(status: .ok, headers: ["Content-Type": "application/yaml"], body: openAPIDocument)
        routes.add(.get, "/openapi.yaml", access: .anyone, runsInline: true) { _ in document }
    }
}
