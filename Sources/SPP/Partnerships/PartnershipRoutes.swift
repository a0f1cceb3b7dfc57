import HTTPServer
import JSON

/// `/v1/partnerships` and their members: any key reads what its scope shows;
/// only admins write (partnership keys change reviews, not the partnership).
enum PartnershipRoutes {
    static func register(
        in routes: inout RouteTable, partnerships: PartnershipService, memberships: MembershipService
    ) {
        routes.add(
            .get, "/v1/partnerships", access: .key,
            query: ["cohort", "status", "region", "urn", "limit", "cursor"]
        ) { context in
            let filters = PartnershipService.Filters(
                cohort: try context.queryInt("cohort", in: Partnership.cohorts),
                status: try context.queryEnum("status", as: PartnershipStatus.self),
                region: try context.queryEnum("region", as: Region.self),
                memberUrn: try context.queryInt("urn", in: 100_000...999_999))
            return try ListResponse.respond(context) {
                try partnerships.list(filters, $0, visibility: context.visibility)
            }
        }
        routes.add(.post, "/v1/partnerships", access: .admin) { context in
            // status and maturity are not taken: a new partnership starts forming / build.
            var body = JSONObjectReader(try context.jsonObject())
            let draft = PartnershipService.Draft(
                name: body.string("name", required: true, maxLength: 200, minLength: 1),
                cohort: body.int("cohort", required: true, range: Partnership.cohorts),
                region: body.enum("region", required: false, as: Region.self),
                leadPersonID: body.int("leadPersonId", required: false, range: 1...Int(Int32.max)))
            let partnership = try partnerships.create(draft, invalid: body.finish(), by: context.actor)
            return Response.resource(partnership, status: .created, location: "/v1/partnerships/\(partnership.id)")
        }
        routes.add(.get, "/v1/partnerships/{id}", access: .key) { context in
            Response.resource(try partnerships.partnership(id: try context.id("id"), visibility: context.visibility))
        }
        routes.add(.patch, "/v1/partnerships/{id}", access: .admin) { context in
            let id = try context.id("id")
            var body = JSONObjectReader(try context.jsonObject())
            let changes = PartnershipService.Changes(
                name: body.string("name", required: body.isPresent("name"), maxLength: 200, minLength: 1),
                cohort: body.int("cohort", required: body.isPresent("cohort"), range: Partnership.cohorts),
                region: body.nullable("region") { $0.enum("region", required: false, as: Region.self) },
                status: body.enum("status", required: body.isPresent("status"), as: PartnershipStatus.self),
                maturity: body.enum("maturity", required: body.isPresent("maturity"), as: PartnershipMaturity.self),
                leadPersonID: body.nullable("leadPersonId") {
                    $0.int("leadPersonId", required: false, range: 1...Int(Int32.max))
                })
            let partnership = try partnerships.update(
                id: id, changes, invalid: body.finish(), ifMatch: context.checkIfMatch(version:), by: context.actor)
            return Response.resource(partnership)
        }
        registerMembers(in: &routes, memberships: memberships)
    }

    private static func registerMembers(in routes: inout RouteTable, memberships: MembershipService) {
        routes.add(
            .get, "/v1/partnerships/{id}/members", access: .key, query: ["includePast", "limit", "cursor"]
        ) { context in
            let id = try context.id("id")
            let includePast = try context.queryBool("includePast") ?? false
            return try ListResponse.respond(context) {
                try memberships.list(partnershipID: id, includePast: includePast, $0, visibility: context.visibility)
            }
        }
        routes.add(.get, "/v1/partnerships/{id}/members/{urn}", access: .key) { context in
            Response.resource(
                try memberships.member(
                    partnershipID: try context.id("id"), urn: try context.id("urn"), visibility: context.visibility))
        }
        routes.add(.put, "/v1/partnerships/{id}/members/{urn}", access: .admin) { context in
            let id = try context.id("id")
            let urn = try context.id("urn")
            var body = JSONObjectReader(try context.jsonObject())
            let joinedOn = body.date("joinedOn", required: true)
            let errors = body.finish()
            guard errors.isEmpty, let joinedOn else { throw Problem.invalid(errors) }
            let joined = try memberships.join(
                partnershipID: id, urn: urn, joinedOn: joinedOn, ifMatch: context.checkIfMatch(version:),
                by: context.actor)
            return joined.created
                ? Response.resource(
                    joined.membership, status: .created, location: "/v1/partnerships/\(id)/members/\(urn)")
                : Response.resource(joined.membership)
        }
        routes.add(.delete, "/v1/partnerships/{id}/members/{urn}", access: .admin) { context in
            try memberships.leave(
                partnershipID: try context.id("id"), urn: try context.id("urn"),
                ifMatch: context.checkIfMatch(version:),
                by: context.actor)
            return Response(status: .noContent)
        }
    }
}
