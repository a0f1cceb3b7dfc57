import HTTPServer
import JSON

/// `/v1/schools` and the GIAS import: any key reads the schools its scope
/// shows; only admins write.
enum SchoolRoutes {
    static func register(
        in routes: inout RouteTable, schools: SchoolService, imports: SchoolImportService, importBodyLimit: Int
    ) {
        routes.add(
            .get, "/v1/schools", access: .key,
            query: [
                "phase", "region", "localAuthority", "trustId", "partnershipId", "q", "ofstedGrade", "limit", "cursor",
            ]
        ) { context in
            let filters = try filters(context)
            return try ListResponse.respond(context) { try schools.list(filters, $0, visibility: context.visibility) }
        }
        routes.add(.post, "/v1/schools", access: .admin) { context in
            var body = JSONObjectReader(try context.jsonObject())
            let urn = body.int("urn", required: true, range: School.urns)
            let fields = readFields(&body, creating: true)
            let errors = body.finish(readOnly: School.readOnlyFields)
            let school = try schools.create(urn: urn, fields, invalid: errors, by: context.actor)
            return Response.resource(school, status: .created, location: "/v1/schools/\(school.urn)")
        }
        routes.add(.get, "/v1/schools/{urn}", access: .key) { context in
            Response.resource(try schools.school(urn: try context.id("urn"), visibility: context.visibility))
        }
        routes.add(.patch, "/v1/schools/{urn}", access: .admin) { context in
            let urn = try context.id("urn")
            var body = JSONObjectReader(try context.jsonObject())
            // The URN is the school's identity: a new URN is a new school, linked by predecessorUrn.
            if let sent = body.int("urn", required: body.isPresent("urn")), sent != urn {
                body.addError("urn", "cannot change; create the new school with predecessorUrn \(urn) instead")
            }
            let fields = readFields(&body, creating: false)
            let errors = body.finish(readOnly: School.readOnlyFields)
            let school = try schools.update(
                urn: urn, fields, invalid: errors, ifMatch: context.checkIfMatch(version:), by: context.actor)
            return Response.resource(school)
        }
        routes.add(.delete, "/v1/schools/{urn}", access: .admin) { context in
            try schools.delete(urn: try context.id("urn"), ifMatch: context.checkIfMatch(version:), by: context.actor)
            return Response(status: .noContent)
        }
        routes.add(.post, "/v1/schools/import", access: .admin, bodyLimit: importBodyLimit, query: ["dryRun"]) {
            context in
            try context.requireContentType(["text/csv"])
            let dryRun = try context.queryBool("dryRun") ?? false
            let summary = try imports.importExtract(context.request.body, dryRun: dryRun, by: context.actor)
            return Response.json(summary.jsonBytes())
        }
    }

    /// The body of a `POST` (`creating`: the non-nullable fields are required)
    /// or of a merge-patch `PATCH` (a field sent must not be null unless it is nullable).
    private static func readFields(_ body: inout JSONObjectReader, creating: Bool) -> SchoolService.Fields {
        let required = { (key: String, body: JSONObjectReader) in creating || body.isPresent(key) }
        return SchoolService.Fields(
            name: body.string("name", required: required("name", body), maxLength: 200, minLength: 1),
            phase: body.enum("phase", required: required("phase", body), as: Phase.self),
            type: body.string("type", required: required("type", body), maxLength: 200, minLength: 1),
            localAuthority: body.string(
                "localAuthority", required: required("localAuthority", body), maxLength: 200, minLength: 1),
            region: body.enum("region", required: required("region", body), as: Region.self),
            trustID: body.nullable("trustId") { $0.int("trustId", required: false, range: 1...Int(Int32.max)) },
            predecessorUrn: body.nullable("predecessorUrn") {
                $0.int("predecessorUrn", required: false, range: School.urns)
            },
            pupils: body.nullable("pupils") { $0.int("pupils", required: false, range: School.pupilCounts) },
            postcode: body.nullable("postcode") {
                $0.string("postcode", required: false, maxLength: School.postcodeMaxLength, minLength: 1)
            })
    }

    private static func filters(_ context: RequestContext) throws -> SchoolService.Filters {
        var query = QueryFilters(context)
        let filters = SchoolService.Filters(
            phase: try query.read { try $0.queryEnum("phase", as: Phase.self) },
            region: try query.read { try $0.queryEnum("region", as: Region.self) },
            localAuthority: try query.read { try $0.queryText("localAuthority") },
            trustID: try query.read { try $0.queryInt("trustId", in: 1...Int(Int32.max)) },
            partnershipID: try query.read { try $0.queryInt("partnershipId", in: 1...Int(Int32.max)) },
            nameContains: try query.read { try $0.queryText("q") },
            ofstedGrade: try query.read { try $0.queryInt("ofstedGrade", in: 1...4) })
        try query.finishList()
        return filters
    }
}
