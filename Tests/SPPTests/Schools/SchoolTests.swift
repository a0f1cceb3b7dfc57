import JSON
import SPP
import TestSupport
import Testing

@Suite struct SchoolTests {
    @Test func createAnswers201WithLocationETagAndEveryField() throws {
        let server = try TestServer()
        defer { server.stop() }
        let trust = try server.createTrust()
        try server.createSchool(100001)
        let response = try server.request(
            "POST", "/v1/schools",
            json: TestServer.schoolJSON(
                137001, extra: #""trustId":\#(trust),"predecessorUrn":100001,"pupils":420,"postcode":"NW1 2AB""#))
        #expect(response.status == 201)
        #expect(response.header("Location") == "/v1/schools/137001")
        #expect(response.header("ETag") == "\"1\"")
        let expected: JSONValue = .object([
            "urn": .integer(137001), "name": .string("Ash Primary School"), "phase": .string("primary"),
            "type": .string("Community school"), "localAuthority": .string("Camden"), "region": .string("london"),
            "trustId": .integer(Int64(trust)), "predecessorUrn": .integer(100001), "ofstedGrade": .null,
            "pupils": .integer(420), "postcode": .string("NW1 2AB"), "version": .integer(1),
            "createdAt": .string("2026-11-28T09:30:00Z"), "updatedAt": .string("2026-11-28T09:30:00Z"),
        ])
        #expect(response.json == expected)
        let fetched = try server.request("GET", "/v1/schools/137001")
        #expect(fetched.status == 200)
        #expect(fetched.json == expected)
        let optionalsLeftOut = try server.createSchool(100002)
        #expect(optionalsLeftOut["trustId"] == .null)
        #expect(optionalsLeftOut["pupils"] == .null)
        #expect(optionalsLeftOut["postcode"] == .null)
    }

    @Test func createListsEveryBadFieldAtOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/schools",
            json: #"""
                {"urn":99999,"name":"","phase":"infant","type":7,"localAuthority":"Camden","region":"mars",
                 "trustId":42,"predecessorUrn":100009,"pupils":-1,"postcode":"NW1 2AB CAMDEN","ofstedGrade":2,
                 "colour":"red"}
                """#)
        #expect(response.status == 422)
        #expect(
            Set(response.errorFields) == [
                "urn", "name", "phase", "type", "region", "trustId", "predecessorUrn", "pupils", "postcode",
                "ofstedGrade", "colour",
            ])
        #expect(response.text.contains("cannot be set"))
        let empty = try server.request("POST", "/v1/schools", json: "{}")
        #expect(Set(empty.errorFields) == ["urn", "name", "phase", "type", "localAuthority", "region"])
        #expect(try server.count("SELECT count(*) FROM schools") == 0)
    }

    @Test func urnIsSixDigitsFrom100000To999999() throws {
        let server = try TestServer()
        defer { server.stop() }
        for (urn, status) in [(100000, 201), (999999, 201), (99999, 422), (1_000_000, 422)] {
            let response = try server.request("POST", "/v1/schools", json: TestServer.schoolJSON(urn))
            #expect(response.status == status, "URN \(urn)")
        }
    }

    @Test func anExistingURNIs409() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100001)
        let again = try server.request("POST", "/v1/schools", json: TestServer.schoolJSON(100001, name: "Other"))
        #expect(again.status == 409)
        #expect(again.text.contains("100001"))
        #expect(try server.request("GET", "/v1/schools/100001").json["name"]?.string == "Ash Primary School")
    }

    @Test func aSchoolCannotBeItsOwnPredecessor() throws {
        let server = try TestServer()
        defer { server.stop() }
        let created = try server.request(
            "POST", "/v1/schools", json: TestServer.schoolJSON(100001, extra: #""predecessorUrn":100001"#))
        #expect(created.status == 422)
        #expect(created.errorFields == ["predecessorUrn"])
        #expect(created.text.contains("itself"))
        try server.createSchool(100001)
        let patched = try server.request("PATCH", "/v1/schools/100001", json: #"{"predecessorUrn":100001}"#)
        #expect(patched.status == 422)
        #expect(patched.errorFields == ["predecessorUrn"])
    }

    @Test func predecessorLinksNeverFormACycle() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100001)
        try server.createSchool(100002, extra: #""predecessorUrn":100001"#)
        try server.createSchool(100003, extra: #""predecessorUrn":100002"#)
        let cycle = try server.request("PATCH", "/v1/schools/100001", json: #"{"predecessorUrn":100003}"#)
        #expect(cycle.status == 422)
        #expect(cycle.errorFields == ["predecessorUrn"])
        #expect(cycle.text.contains("cycle"))
        let short = try server.request("PATCH", "/v1/schools/100002", json: #"{"predecessorUrn":100003}"#)
        #expect(short.status == 422)
        try server.createSchool(100004)
        let relinked = try server.request("PATCH", "/v1/schools/100001", json: #"{"predecessorUrn":100004}"#)
        #expect(relinked.status == 200)
        #expect(relinked.json["predecessorUrn"]?.int == 100004)
    }

    @Test func patchMergesFieldsNullClearsNullableOnesAndANoOpKeepsTheVersion() throws {
        let server = try TestServer()
        defer { server.stop() }
        let trust = try server.createTrust()
        try server.createSchool(100001, extra: #""trustId":\#(trust),"pupils":420,"postcode":"NW1 2AB""#)
        server.clock.advance(seconds: 60)
        let patched = try server.request(
            "PATCH", "/v1/schools/100001",
            json: #"{"name":"Ash Academy","trustId":null,"pupils":null,"postcode":"E1 6AN"}"#,
            headers: [("Content-Type", "application/merge-patch+json")])
        #expect(patched.status == 200)
        #expect(patched.header("ETag") == "\"2\"")
        #expect(patched.json["name"]?.string == "Ash Academy")
        #expect(patched.json["trustId"] == .null)
        #expect(patched.json["pupils"] == .null)
        #expect(patched.json["postcode"]?.string == "E1 6AN")
        #expect(patched.json["phase"]?.string == "primary")
        #expect(patched.json["updatedAt"]?.string == "2026-11-28T09:31:00Z")
        #expect(patched.json["createdAt"]?.string == "2026-11-28T09:30:00Z")
        let same = try server.request("PATCH", "/v1/schools/100001", json: #"{"name":"Ash Academy","urn":100001}"#)
        #expect(same.status == 200)
        #expect(same.json["version"]?.int == 2)
    }

    @Test func patchRejectsANewURNAndNullForRequiredFields() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100001)
        let response = try server.request(
            "PATCH", "/v1/schools/100001", json: #"{"urn":100002,"name":null,"phase":null,"region":"atlantis"}"#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["urn", "name", "phase", "region"])
        #expect(response.text.contains("predecessorUrn"))
        #expect(try server.request("GET", "/v1/schools/100001").json["version"]?.int == 1)
        let unknown = try server.request("PATCH", "/v1/schools/100009", json: #"{"name":"X"}"#)
        #expect(unknown.status == 404)
        let plain = try server.request(
            "PATCH", "/v1/schools/100001", json: #"{"name":"X"}"#, headers: [("Content-Type", "text/plain")])
        #expect(plain.status == 415)
    }

    @Test func getAnswersAnETagAndA304WhenItMatches() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100001)
        let fetched = try server.request("GET", "/v1/schools/100001")
        #expect(fetched.header("ETag") == "\"1\"")
        let cached = try server.request("GET", "/v1/schools/100001", headers: [("If-None-Match", "\"1\"")])
        #expect(cached.status == 304)
        #expect(cached.body.isEmpty)
        _ = try server.request("PATCH", "/v1/schools/100001", json: #"{"pupils":12}"#)
        let changed = try server.request("GET", "/v1/schools/100001", headers: [("If-None-Match", "\"1\"")])
        #expect(changed.status == 200)
        #expect(changed.header("ETag") == "\"2\"")
    }

    @Test func patchAndDeleteHonourIfMatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100001)
        let stale = try server.request(
            "PATCH", "/v1/schools/100001", json: #"{"pupils":12}"#, headers: [("If-Match", "\"7\"")])
        #expect(stale.status == 412)
        let fresh = try server.request(
            "PATCH", "/v1/schools/100001", json: #"{"pupils":12}"#, headers: [("If-Match", "\"1\"")])
        #expect(fresh.status == 200)
        let staleDelete = try server.request("DELETE", "/v1/schools/100001", headers: [("If-Match", "\"1\"")])
        #expect(staleDelete.status == 412)
        let delete = try server.request("DELETE", "/v1/schools/100001", headers: [("If-Match", "\"2\"")])
        #expect(delete.status == 204)
        #expect(try server.request("GET", "/v1/schools/100001").status == 404)
        #expect(try server.request("DELETE", "/v1/schools/100001").status == 404)
    }

    @Test func deleteWhileReferencedIs409NamingWhatRefersToIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try server.createSchool(100001)
        try server.createSchool(100002, extra: #""predecessorUrn":100001"#)
        try register.person(school: 100001)
        let partnership = try register.partnership()
        try register.join(partnership, [100001])
        try register.leave(partnership, 100001)
        let response = try server.request("DELETE", "/v1/schools/100001")
        #expect(response.status == 409)
        #expect(response.text.contains("1 person"))
        #expect(response.text.contains("1 partnership membership"))
        #expect(response.text.contains("1 successor school"))
        #expect(try server.request("GET", "/v1/schools/100001").status == 200)
        #expect(try server.request("DELETE", "/v1/schools/100002").status == 204)
    }

    @Test func onlyAdminsWriteAndEveryRouteNeedsAKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        let trust = try server.createTrust()
        try server.createSchool(100001, extra: #""trustId":\#(trust)"#)
        let key = try register.key(.trust, scope: trust)
        #expect(try server.request("GET", "/v1/schools/100001", key: key).status == 200)
        #expect(try server.request("POST", "/v1/schools", key: key, json: TestServer.schoolJSON(100002)).status == 403)
        #expect(try server.request("PATCH", "/v1/schools/100001", key: key, json: #"{"pupils":1}"#).status == 403)
        #expect(try server.request("DELETE", "/v1/schools/100001", key: key).status == 403)
        #expect(try server.request("GET", "/v1/schools/100001", key: nil).status == 401)
        #expect(try server.request("GET", "/v1/schools", key: nil).status == 401)
    }

    @Test func everyChangeIsRecordedForTheChangesFeed() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100001)
        _ = try server.request("PATCH", "/v1/schools/100001", json: #"{"pupils":12}"#)
        _ = try server.request("DELETE", "/v1/schools/100001")
        let actions = try server.app.services.database.read { db in
            try db.fetch("SELECT action FROM changes WHERE entity = 'school' AND entity_id = 100001 ORDER BY seq") {
                $0.text(0)
            }
        }
        #expect(actions == ["created", "updated", "deleted"])
    }
}
