import TestSupport
import Testing

@Suite struct APIKeyTests {
    @Test func missingKeyOnKeyedRouteIs401WithBearerChallenge() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/v1/api-keys", key: nil)
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == "Bearer")
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.json["status"]?.int == 401)
    }

    @Test func unknownKeyIs401EvenOnPublicRoutes() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try server.request("GET", "/healthz", key: "spp_not-a-key").status == 401)
        #expect(try server.request("GET", "/healthz", key: nil).status == 200)
    }

    @Test func malformedAuthorizationIs401() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/v1/api-keys", key: nil, headers: [("Authorization", "Basic abc")])
        #expect(response.status == 401)
    }

    /// RFC 9110 §11.1: the scheme is case-insensitive; the token is the rest.
    @Test func bearerSchemeIsMatchedIgnoringCase() throws {
        let server = try TestServer()
        defer { server.stop() }
        for header in ["bearer \(server.adminKey)", "BEARER \(server.adminKey)", "Bearer  \(server.adminKey) "] {
            let response = try server.request("GET", "/v1/api-keys", key: nil, headers: [("Authorization", header)])
            #expect(response.status == 200, "\(header)")
        }
        for header in ["Bearer", "Bearer ", "Bearerx \(server.adminKey)", "\(server.adminKey)"] {
            let response = try server.request("GET", "/v1/api-keys", key: nil, headers: [("Authorization", header)])
            #expect(response.status == 401, "\(header)")
        }
    }

    @Test func createdKeyIsShownOnceAndWorks() throws {
        let server = try TestServer()
        defer { server.stop() }
        let created = try server.request("POST", "/v1/api-keys", json: #"{"name":"second admin","role":"admin"}"#)
        #expect(created.status == 201)
        let secret = try #require(created.json["key"]?.string)
        #expect(secret.hasPrefix("spp_"))
        #expect(created.header("Location") == "/v1/api-keys/\(created.json["id"]?.int ?? 0)")
        #expect(try server.request("GET", "/v1/api-keys", key: secret).status == 200)
        let listed = try server.request("GET", "/v1/api-keys")
        #expect(!listed.text.contains(secret))
        #expect(listed.json["data"]?.array?.count == 2)
    }

    @Test func keysAreStoredOnlyAsHashes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let stored = try server.app.services.database.read { db in
            try db.fetch("SELECT key_hash FROM api_keys", []) { $0.text(0) }
        }
        #expect(stored.count == 1)
        #expect(stored[0] != server.adminKey)
        #expect(stored[0].count == 64)
    }

    @Test func revokedKeyStopsWorkingAtOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let created = try server.request("POST", "/v1/api-keys", json: #"{"name":"temp","role":"admin"}"#)
        let secret = try #require(created.json["key"]?.string)
        let id = try #require(created.json["id"]?.int)
        #expect(try server.request("GET", "/v1/api-keys", key: secret).status == 200)
        #expect(try server.request("DELETE", "/v1/api-keys/\(id)").status == 204)
        #expect(try server.request("GET", "/v1/api-keys", key: secret).status == 401)
        #expect(try server.request("DELETE", "/v1/api-keys/\(id)").status == 404)
    }

    @Test func invalidKeyBodyListsEveryProblem() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("POST", "/v1/api-keys", json: #"{"name":"","role":"root","colour":"red"}"#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["name", "role", "colour"])
    }

    @Test func scopedRolesNeedAnExistingScope() throws {
        let server = try TestServer()
        defer { server.stop() }
        let missing = try server.request("POST", "/v1/api-keys", json: #"{"name":"t","role":"trust"}"#)
        #expect(missing.status == 422)
        #expect(missing.errorFields == ["scope"])
        let unknown = try server.request("POST", "/v1/api-keys", json: #"{"name":"t","role":"trust","scope":999}"#)
        #expect(unknown.status == 422)
        let adminWithScope = try server.request("POST", "/v1/api-keys", json: #"{"name":"a","role":"admin","scope":1}"#)
        #expect(adminWithScope.errorFields == ["scope"])
    }

    @Test func nonAdminKeyIsForbiddenOnAdminRoutes() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.app.services.database.write { db in
            try db.run(
                "INSERT INTO trusts (id, name, created_at, updated_at) VALUES (1, 'Oak Trust', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
            )
        }
        let trustKey = try server.app.services.keys.create(name: "oak", role: .trust, scope: 1, by: .commandLine).secret
        let response = try server.request("GET", "/v1/api-keys", key: trustKey)
        #expect(response.status == 403)
    }

    @Test func lastUsedAtIsRecorded() throws {
        let server = try TestServer()
        defer { server.stop() }
        _ = try server.request("GET", "/v1/api-keys")
        let listed = try server.request("GET", "/v1/api-keys")
        #expect(listed.json["data"]?[0]?["lastUsedAt"]?.string == "2026-11-28T09:30:00Z")
    }
}
