import HTTPServer
import JSON

/// `/v1/people`: any key reads the people of the schools it sees; only admins write.
enum PeopleRoutes {
    static func register(in routes: inout RouteTable, people: PersonService) {
        routes.add(.get, "/v1/people", access: .key, query: ["schoolUrn", "role", "q", "limit", "cursor"]) { context in
            let filters = PersonService.Filters(
                schoolUrn: try context.queryInt("schoolUrn", in: 100_000...999_999),
                role: try context.queryEnum("role", as: PersonRole.self),
                nameContains: try context.queryText("q"))
            return try ListResponse.respond(context) { try people.list(filters, $0, visibility: context.visibility) }
        }
        routes.add(.post, "/v1/people", access: .admin) { context in
            var body = JSONObjectReader(try context.jsonObject())
            let draft = PersonService.Draft(
                name: body.string("name", required: true, maxLength: 200, minLength: 1),
                email: email(&body, required: true),
                schoolUrn: body.int("schoolUrn", required: true, range: 1...Int(Int32.max)),
                roles: roles(&body, required: false) ?? [])
            let person = try people.create(draft, invalid: body.finish(), by: context.actor)
            return Response.resource(person, status: .created, location: "/v1/people/\(person.id)")
        }
        routes.add(.get, "/v1/people/{id}", access: .key) { context in
            Response.resource(try people.person(id: try context.id("id"), visibility: context.visibility))
        }
        routes.add(.patch, "/v1/people/{id}", access: .admin) { context in
            let id = try context.id("id")
            var body = JSONObjectReader(try context.jsonObject())
            // Merge patch: a field left out stays; none of these may be null.
            let changes = PersonService.Changes(
                name: body.string("name", required: body.isPresent("name"), maxLength: 200, minLength: 1),
                email: email(&body, required: body.isPresent("email")),
                schoolUrn: body.int("schoolUrn", required: body.isPresent("schoolUrn"), range: 1...Int(Int32.max)),
                roles: roles(&body, required: body.isPresent("roles")))
            let person = try people.update(
                id: id, changes, invalid: body.finish(), ifMatch: context.checkIfMatch(version:), by: context.actor)
            return Response.resource(person)
        }
    }

    private static func email(_ body: inout JSONObjectReader, required: Bool) -> String? {
        let email = body.string("email", required: required, maxLength: EmailAddress.maxLength, minLength: 1)
        if let email, !EmailAddress.isPlausible(email) {
            body.addError("email", "must be an email address such as name@school.org.uk")
            return nil
        }
        return email
    }

    private static func roles(_ body: inout JSONObjectReader, required: Bool) -> [PersonRole]? {
        guard let items = body.array("roles", required: required) else { return nil }
        let parsed = PersonRole.list(from: items, field: "roles")
        for error in parsed.errors { body.addError(error.field, error.message) }
        return parsed.errors.isEmpty ? parsed.roles : nil
    }
}
