import HTTPServer
import JSON

/// `/v1/reviews`: keys read the reviews of the partnerships they see (a trust
/// key the findings only once shared); admins and the partnership's own key
/// run them.
enum ReviewRoutes {
    static func register(in routes: inout RouteTable, reviews: ReviewService, actions: ReviewActionService) {
        routes.add(
            .get, "/v1/reviews", access: .key,
            query: ["partnershipId", "hostUrn", "status", "from", "to", "limit", "cursor"]
        ) { context in
            var query = QueryFilters(context)
            let dates = try query.dateRange()
            let filters = ReviewService.Filters(
                partnershipID: try query.read { try $0.queryInt("partnershipId", in: 1...Int(Int32.max)) },
                hostUrn: try query.read { try $0.queryInt("hostUrn", in: 100_000...999_999) },
                status: try query.read { try $0.queryEnum("status", as: ReviewStatus.self) },
                from: dates.from, to: dates.to)
            try query.finishList()
            return try ListResponse.respond(context) { try reviews.list(filters, $0, caller: context.caller) }
        }
        routes.add(.post, "/v1/reviews", access: .key) { context in
            var body = JSONObjectReader(try context.jsonObject())
            let partnershipID = body.int("partnershipId", required: true, range: 1...Int(Int32.max))
            let hostUrn = body.int("hostUrn", required: true, range: 100_000...999_999)
            let focus = body.string("focus", required: false, maxLength: 2000, minLength: 1)
            let review = try reviews.create(
                partnershipID: partnershipID, hostUrn: hostUrn, focus: focus,
                invalid: body.finish(readOnly: Review.readOnlyFields.union(["status", "findings"])),
                caller: context.caller, by: context.actor)
            return Response.resource(review, status: .created, location: "/v1/reviews/\(review.id)")
        }
        routes.add(.get, "/v1/reviews/{id}", access: .key) { context in
            Response.resource(try reviews.review(id: try context.id("id"), caller: context.caller))
        }
        routes.add(.patch, "/v1/reviews/{id}", access: .key) { context in
            let id = try context.id("id")
            var body = JSONObjectReader(try context.jsonObject())
            let changes = readChanges(&body)
            let review = try reviews.update(
                id: id, changes, invalid: body.finish(readOnly: Review.readOnlyFields),
                ifMatch: context.checkIfMatch(version:), caller: context.caller, by: context.actor)
            return Response.resource(review)
        }
        routes.add(.put, "/v1/reviews/{id}/team/{personId}", access: .key) { context in
            let id = try context.id("id")
            let personID = try context.id("personId")
            var body = JSONObjectReader(try context.jsonObject())
            let role = body.enum("role", required: true, as: Review.TeamMember.Role.self)
            let errors = body.finish()
            guard errors.isEmpty, let role else { throw Problem.invalid(errors) }
            let put = try reviews.putTeamMember(
                reviewID: id, personID: personID, role: role, ifMatch: context.checkIfMatch(version:),
                caller: context.caller, by: context.actor)
            return Response.resource(put.review, status: put.created ? .created : .ok)
        }
        routes.add(.delete, "/v1/reviews/{id}/team/{personId}", access: .key) { context in
            try reviews.removeTeamMember(
                reviewID: try context.id("id"), personID: try context.id("personId"),
                ifMatch: context.checkIfMatch(version:), caller: context.caller, by: context.actor)
            return Response(status: .noContent)
        }
        routes.add(.get, "/v1/reviews/{id}/actions", access: .key, query: ["limit", "cursor"]) { context in
            let id = try context.id("id")
            return try ListResponse.respond(context) { try actions.list(reviewID: id, $0, caller: context.caller) }
        }
        routes.add(.post, "/v1/reviews/{id}/actions", access: .key) { context in
            let id = try context.id("id")
            var body = JSONObjectReader(try context.jsonObject())
            let fields = readAction(&body, creating: true)
            let action = try actions.create(
                reviewID: id, fields, invalid: body.finish(readOnly: ReviewAction.readOnlyFields),
                caller: context.caller, by: context.actor)
            return Response.resource(action, status: .created, location: "/v1/reviews/\(id)/actions/\(action.id)")
        }
        routes.add(.patch, "/v1/reviews/{id}/actions/{actionId}", access: .key) { context in
            let id = try context.id("id")
            let actionID = try context.id("actionId")
            var body = JSONObjectReader(try context.jsonObject())
            let fields = readAction(&body, creating: false)
            let action = try actions.update(
                reviewID: id, actionID: actionID, fields,
                invalid: body.finish(readOnly: ReviewAction.readOnlyFields), ifMatch: context.checkIfMatch(version:),
                caller: context.caller, by: context.actor)
            return Response.resource(action)
        }
        routes.add(.get, "/v1/partnerships/{id}/reciprocity", access: .key, query: ["from", "to"]) { context in
            let id = try context.id("id")
            var query = QueryFilters(context)
            let dates = try query.dateRange()
            try query.finish()
            let rows = try reviews.reciprocity(
                partnershipID: id, from: dates.from, to: dates.to, caller: context.caller)
            return ListResponse.respond(context, all: rows)
        }
    }

    /// A merge patch of a review (RFC 7396): within `findings` too, a list
    /// left out stays as it is.
    private static func readChanges(_ body: inout JSONObjectReader) -> ReviewService.Changes {
        var changes = ReviewService.Changes(
            focus: body.nullable("focus") { $0.string("focus", required: false, maxLength: 2000, minLength: 1) },
            status: body.enum("status", required: body.isPresent("status"), as: ReviewStatus.self),
            visitStart: body.nullable("visitStart") { $0.date("visitStart", required: false) },
            visitEnd: body.nullable("visitEnd") { $0.date("visitEnd", required: false) },
            workshopFacilitatorID: body.nullable("workshopFacilitatorId") {
                $0.int("workshopFacilitatorId", required: false, range: 1...Int(Int32.max))
            },
            findingsShared: body.bool("findingsShared", required: body.isPresent("findingsShared")))
        if let object = body.object("findings", required: body.isPresent("findings")) {
            var reader = JSONObjectReader(object, path: "findings.")
            changes.strengths = texts(&reader, "strengths")
            changes.areasForDevelopment = texts(&reader, "areasForDevelopment")
            for error in reader.finish() { body.addError(error.field, error.message) }
        }
        return changes
    }

    /// A list of findings, when the key is there: at most 50 texts of 1 to 2000 characters.
    private static func texts(_ reader: inout JSONObjectReader, _ key: String) -> [String]? {
        // JSON Merge Patch (RFC 7396): `null` removes the list, which leaves it empty.
        guard let items = reader.nullable(key, { $0.array(key, required: false) }) else { return nil }
        guard let items else { return [] }
        let texts = items.compactMap { item -> String? in
            guard case .string(let text) = item, (1...2000).contains(text.count), !text.utf8.contains(0) else {
                return nil
            }
            return text
        }
        guard texts.count == items.count, texts.count <= 50 else {
            reader.addError(key, "must be a list of at most 50 texts of 1 to 2000 characters")
            return nil
        }
        return texts
    }

    private static func readAction(_ body: inout JSONObjectReader, creating: Bool) -> ReviewActionService.Fields {
        func required(_ key: String) -> Bool { creating || body.isPresent(key) }
        return ReviewActionService.Fields(
            description: body.string("description", required: required("description"), maxLength: 2000, minLength: 1),
            ownerPersonID: body.int("ownerPersonId", required: required("ownerPersonId"), range: 1...Int(Int32.max)),
            dueOn: body.date("dueOn", required: required("dueOn")),
            status: body.enum("status", required: body.isPresent("status"), as: ReviewAction.Status.self))
    }
}
