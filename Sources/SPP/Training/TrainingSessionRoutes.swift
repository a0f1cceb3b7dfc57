import HTTPServer
import JSON

/// `/v1/training-sessions`: public to read, so partnership websites can
/// advertise places without a key (no attendee data is ever in these answers);
/// only admins create and change sessions.
enum TrainingSessionRoutes {
    static func register(in routes: inout RouteTable, sessions: TrainingSessionService) {
        routes.add(
            .get, "/v1/training-sessions", access: .anyone,
            query: ["course", "from", "to", "hasPlaces", "limit", "cursor"]
        ) { context in
            var query = QueryFilters(context)
            let dates = try query.dateRange()
            let filters = TrainingSessionService.Filters(
                course: try query.read { try $0.queryEnum("course", as: Course.self) },
                from: dates.from, to: dates.to,
                hasPlaces: try query.read { try $0.queryBool("hasPlaces") })
            try query.finishList()
            return try ListResponse.respond(context) { try sessions.list(filters, $0) }
        }
        routes.add(.post, "/v1/training-sessions", access: .admin) { context in
            var body = JSONObjectReader(try context.jsonObject())
            let draft = TrainingSessionService.Draft(
                course: body.enum("course", required: true, as: Course.self),
                title: body.string("title", required: true, maxLength: 200, minLength: 1),
                startsAt: timestamp(&body, "startsAt", required: true),
                endsAt: timestamp(&body, "endsAt", required: true),
                location: body.string("location", required: false, maxLength: 200, minLength: 1),
                online: body.bool("online", required: false) ?? false,
                capacity: body.int("capacity", required: true, range: TrainingSessionService.capacities))
            let session = try sessions.create(draft, invalid: body.finish(), by: context.actor)
            return Response.resource(session, status: .created, location: "/v1/training-sessions/\(session.id)")
        }
        routes.add(.get, "/v1/training-sessions/{id}", access: .anyone) { context in
            Response.resource(try sessions.session(id: try context.id("id")))
        }
        routes.add(.patch, "/v1/training-sessions/{id}", access: .admin) { context in
            let id = try context.id("id")
            var body = JSONObjectReader(try context.jsonObject())
            // Merge patch: a field left out stays; only `location` may be cleared with null.
            let location = body.string("location", required: false, maxLength: 200, minLength: 1)
            let changes = TrainingSessionService.Changes(
                course: body.enum("course", required: body.isPresent("course"), as: Course.self),
                title: body.string("title", required: body.isPresent("title"), maxLength: 200, minLength: 1),
                startsAt: timestamp(&body, "startsAt", required: body.isPresent("startsAt")),
                endsAt: timestamp(&body, "endsAt", required: body.isPresent("endsAt")),
                location: body.isNull("location") ? .some(nil) : location.map { .some($0) },
                online: body.bool("online", required: body.isPresent("online")),
                capacity: body.int(
                    "capacity", required: body.isPresent("capacity"), range: TrainingSessionService.capacities),
                status: body.enum("status", required: body.isPresent("status"), as: SessionStatus.self))
            let session = try sessions.update(
                id: id, changes, invalid: body.finish(), ifMatch: context.checkIfMatch(version:), by: context.actor)
            return Response.resource(session)
        }
    }

    /// An RFC 3339 timestamp field, normalised to UTC.
    private static func timestamp(_ body: inout JSONObjectReader, _ key: String, required: Bool) -> Timestamp? {
        guard let text = body.string(key, required: required) else { return nil }
        guard let timestamp = Timestamp(text) else {
            body.addError(key, "must be an RFC 3339 timestamp such as 2026-11-28T09:30:00Z")
            return nil
        }
        return timestamp
    }
}
