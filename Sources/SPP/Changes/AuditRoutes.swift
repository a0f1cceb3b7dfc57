import HTTPServer

/// `/v1/audit` (admin only): who changed what, and when.
enum AuditRoutes {
    static func register(in routes: inout RouteTable, audit: AuditService) {
        routes.add(.get, "/v1/audit", access: .admin) { context in
            var query = QueryFilters(context)
            let filters = AuditService.Filters(
                keyID: try query.read { try $0.queryInt("keyId", in: 1...Int(Int32.max)) },
                entity: try query.read { try $0.queryEnum("entity", as: Entity.self) },
                from: try query.read { try $0.queryDate("from") },
                to: try query.read { try $0.queryDate("to") })
            try query.finish()
            return try ListResponse.respond(context) { try audit.list(filters, $0) }
        }
    }
}
