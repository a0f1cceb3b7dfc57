import SPP
import TestSupport
import Testing

@Suite struct TrainingSessionTests {
    @Test func createdSessionHasItsPlacesAndALocation() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/training-sessions",
            json: #"""
                {"course":"improvement_champion","title":"Improvement champion day 1",
                 "startsAt":"2026-12-10T09:00:00+01:00","endsAt":"2026-12-10T16:00:00Z","online":true,"capacity":24}
                """#)
        #expect(response.status == 201)
        let id = try #require(response.json["id"]?.int)
        #expect(response.header("Location") == "/v1/training-sessions/\(id)")
        #expect(response.header("ETag") == "\"1\"")
        #expect(response.json["startsAt"]?.string == "2026-12-10T08:00:00Z")
        #expect(response.json["location"] == .null)
        #expect(response.json["online"]?.bool == true)
        #expect(response.json["placesLeft"]?.int == 24)
        #expect(response.json["waitlistLength"]?.int == 0)
        #expect(response.json["status"]?.string == "scheduled")
        #expect(response.json["createdAt"]?.string == "2026-11-28T09:30:00Z")
        let anonymous = try server.request("GET", "/v1/training-sessions/\(id)", key: nil)
        #expect(anonymous.status == 200)
        #expect(anonymous.json == response.json)
        #expect(anonymous.header("ETag") == "\"1\"")
        let logged = try server.app.services.database.read { db in
            try db.scalarInt("SELECT count(*) FROM changes WHERE entity = 'training_session' AND entity_id = ?", [id])
        }
        #expect(logged == 1)
    }

    @Test func invalidSessionListsEveryBadFieldIncludingUnknownOnes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/training-sessions",
            json: #"""
                {"course":"cooking","title":"","startsAt":"next tuesday","endsAt":"2026-12-10",
                 "location":"","online":"yes","capacity":0,"attendees":[]}
                """#)
        #expect(response.status == 422)
        #expect(
            Set(response.errorFields)
                == ["course", "title", "startsAt", "endsAt", "location", "online", "capacity", "attendees"])
        let missing = try server.request("POST", "/v1/training-sessions", json: "{}")
        #expect(Set(missing.errorFields) == ["course", "title", "startsAt", "endsAt", "capacity"])
    }

    /// CONTRACT §1: RFC 3339 timestamps, whose years have four digits; an
    /// offset that carries the instant into year 10000 is refused, not stored.
    @Test func timestampsBeyondYear9999AreRefused() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/training-sessions",
            json: #"""
                {"course":"peer_reviewer","title":"Far future","startsAt":"9999-12-31T23:30:00-01:00",
                 "endsAt":"9999-12-31T23:50:00-01:00","capacity":10}
                """#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["startsAt", "endsAt"])
        let stored = try server.app.services.database.read {
            try $0.scalarInt("SELECT count(*) FROM training_sessions")
        }
        #expect(stored == 0)
    }

    @Test func sessionMustStartInTheFutureAndEndAfterItStarts() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/training-sessions",
            json: #"""
                {"course":"peer_reviewer","title":"Too late","startsAt":"2026-11-28T09:30:00Z",
                 "endsAt":"2026-11-28T09:00:00Z","capacity":10}
                """#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["startsAt", "endsAt"])
        let empty = try server.request(
            "POST", "/v1/training-sessions",
            json: #"""
                {"course":"peer_reviewer","title":"No length","startsAt":"2026-12-01T09:00:00Z",
                 "endsAt":"2026-12-01T09:00:00Z","capacity":10}
                """#)
        #expect(empty.errorFields == ["endsAt"])
    }

    @Test func onlyAdminsCreateSessions() throws {
        let server = try TestServer()
        defer { server.stop() }
        try RegisterFixture(server: server).trust(1)
        let trustKey = try RegisterFixture(server: server).key(.trust, scope: 1)
        let body =
            #"{"course":"peer_reviewer","title":"T","startsAt":"2026-12-01T09:00:00Z","endsAt":"2026-12-01T10:00:00Z","capacity":1}"#
        #expect(try server.request("POST", "/v1/training-sessions", key: trustKey, json: body).status == 403)
        #expect(try server.request("POST", "/v1/training-sessions", key: nil, json: body).status == 401)
        #expect(try server.request("GET", "/v1/training-sessions/1", key: "spp_unknown").status == 401)
    }

    @Test func unknownSessionIs404() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try server.request("GET", "/v1/training-sessions/99", key: nil).status == 404)
        #expect(try server.request("PATCH", "/v1/training-sessions/99", json: #"{"title":"x"}"#).status == 404)
        #expect(try server.request("GET", "/v1/training-sessions/99/bookings").status == 404)
        #expect(try server.request("POST", "/v1/training-sessions/99/bookings", json: #"{"personId":1}"#).status == 404)
    }
}
