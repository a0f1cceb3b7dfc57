import HTTPServer
import JSON

/// `/v1/trusts`: any key reads the trusts its scope shows; only admins write.
enum TrustRoutes {
    static func register(in routes: inout RouteTable, trusts: TrustService) {
        routes.add(.get, "/v1/trusts", access: .key, query: ["limit", "cursor"]) { context in
            try ListResponse.respond(context) { try trusts.list($0, visibility: context.visibility) }
        }
        routes.add(.post, "/v1/trusts", access: .admin) { context in
            var body = JSONObjectReader(try context.jsonObject())
            let fields = readFields(&body, creating: true)
            let errors = body.finish(readOnly: Trust.readOnlyFields)
            let trust = try trusts.create(fields, invalid: errors, by: context.actor)
            return Response.resource(trust, status: .created, location: "/v1/trusts/\(trust.id)")
        }
        routes.add(.get, "/v1/trusts/{id}", access: .key) { context in
            Response.resource(try trusts.trust(id: try context.id("id"), visibility: context.visibility))
        }
        routes.add(.patch, "/v1/trusts/{id}", access: .admin) { context in
            let id = try context.id("id")
            var body = JSONObjectReader(try context.jsonObject())
            let fields = readFields(&body, creating: false)
            let errors = body.finish(readOnly: Trust.readOnlyFields)
            let trust = try trusts.update(
                id: id, fields, invalid: errors, ifMatch: context.checkIfMatch(version:), by: context.actor)
            return Response.resource(trust)
        }
    }

    /// The body of a `POST` (`creating`: the name is required) or of a merge-patch `PATCH`.
    private static func readFields(_ body: inout JSONObjectReader, creating: Bool) -> TrustService.Fields {
        let nameRequired = creating || body.isPresent("name")
        var fields = TrustService.Fields(
            name: body.string("name", required: nameRequired, maxLength: 200, minLength: 1),
            giasCode: body.nullable("giasCode") {
                $0.string("giasCode", required: false, maxLength: Trust.giasCodeMaxLength, minLength: 1)
            },
            companiesHouseNumber: body.nullable("companiesHouseNumber") {
                $0.string("companiesHouseNumber", required: false)
            })
        if case let number?? = fields.companiesHouseNumber, !Trust.isCompaniesHouseNumber(number) {
            body.addError(
                "companiesHouseNumber", "must be a Companies House number: 8 characters, such as 08123456 or SC123456")
            fields.companiesHouseNumber = nil
        }
        return fields
    }
}
