import HTTPServer
import JSON

/// The two views of the change log: `/v1/changes`, the feed any key polls
/// within its scope, and `/v1/audit`, who changed what (admin only).
enum ChangeRoutes {
    static func register(in routes: inout RouteTable, feed: ChangeFeed, audit: AuditService) {
        routes.add(.get, "/v1/changes", access: .key, query: ["since", "limit"]) { context in
            var query = QueryFilters(context)
            let since = try query.read { try $0.queryInt("since", in: 0...Int(Int64.max)) } ?? 0
            let limit = try query.read { try $0.queryInt("limit", in: ChangeFeed.limits) } ?? ChangeFeed.defaultLimit
            try query.finish()
            let visibility = context.visibility
            if context.wantsCSV {
                // Every change after `since`, a page at a time, like any list's CSV.
                var position = since
                return try ListResponse.csv(startingAt: PageRequest(limit: PageRequest.limits.upperBound)) { page in
                    let read = try feed.changes(since: position, limit: page.limit, visibility: visibility)
                    position = read.nextSince
                    return Page(items: read.changes, next: read.changes.count == page.limit ? [String(position)] : nil)
                }
            }
            let read = try feed.changes(since: since, limit: limit, visibility: visibility)
            var w = JSONWriter(capacity: 128 + read.changes.count * 96)
            w.beginObject()
            w.field("data", read.changes)
            w.field("nextSince", read.nextSince)
            w.endObject()
            return ListResponse.json(w.bytes)
        }
        routes.add(
            .get, "/v1/audit", access: .admin, query: ["keyId", "entity", "from", "to", "limit", "cursor"]
        ) { context in
            var query = QueryFilters(context)
            let dates = try query.dateRange()
            let filters = AuditService.Filters(
                keyID: try query.read { try $0.queryInt("keyId", in: 1...Int(Int32.max)) },
                entity: try query.read { try $0.queryEnum("entity", as: Entity.self) },
                from: dates.from, to: dates.to)
            try query.finishList()
            return try ListResponse.respond(context) { try audit.list(filters, $0) }
        }
    }
}
