import HTTPServer
import JSON

/// `/v1/api-keys` (admin only).
enum AccessRoutes {
    static func register(in routes: inout RouteTable, keys: APIKeyService) {
        routes.add(.get, "/v1/api-keys", access: .admin, query: ["limit", "cursor"]) { context in
            try ListResponse.respond(context) { try keys.list($0) }
        }
        routes.add(.post, "/v1/api-keys", access: .admin) { context in
            var body = JSONObjectReader(try context.jsonObject())
            let name = body.string("name", required: true, maxLength: 200, minLength: 1)
            let role = body.enum("role", required: true, as: Role.self)
            let scope = body.int("scope", required: false, range: 1...Int(Int32.max))
            var errors = body.finish()
            if let role {
                if role == .admin && scope != nil {
                    errors.append(FieldError(field: "scope", message: "must be null for an admin key"))
                }
                if role != .admin && scope == nil {
                    errors.append(FieldError(field: "scope", message: "is required for a \(role.rawValue) key"))
                }
            }
            guard errors.isEmpty, let name, let role else { throw Problem.invalid(errors) }
            let issued = try keys.create(name: name, role: role, scope: scope, by: context.actor)
            var response = Response.json(issued.jsonBytes(), status: .created)
            response.headers.add("Location", "/v1/api-keys/\(issued.key.id)")
            response.headers.add("Cache-Control", "no-store")
            return response
        }
        routes.add(.delete, "/v1/api-keys/{id}", access: .admin) { context in
            try keys.revoke(id: try context.id("id"), by: context.actor)
            return Response(status: .noContent)
        }
    }
}
