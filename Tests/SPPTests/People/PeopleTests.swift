import SPP
import TestSupport
import Testing

@Suite struct PeopleTests {
    @Test func createdPersonHasRolesNoAccreditationsAndALocation() throws {
        let server = try TestServer()
        defer { server.stop() }
        try RegisterFixture(server: server).school(100001)
        let response = try server.request(
            "POST", "/v1/people",
            json:
                #"{"name":"Ada Lovelace","email":"Ada@School.example","schoolUrn":100001,"roles":["peer_reviewer","headteacher"]}"#
        )
        #expect(response.status == 201)
        let id = try #require(response.json["id"]?.int)
        #expect(response.header("Location") == "/v1/people/\(id)")
        #expect(response.header("ETag") == "\"1\"")
        #expect(response.json["email"]?.string == "Ada@School.example")
        #expect(response.json["roles"]?.array?.compactMap(\.string) == ["headteacher", "peer_reviewer"])
        #expect(response.json["accreditations"]?.array?.isEmpty == true)
        #expect(response.json["version"]?.int == 1)
        #expect(try server.request("GET", "/v1/people/\(id)").json == response.json)
        let logged = try server.app.services.database.read { db in
            try db.scalarInt(
                "SELECT count(*) FROM changes WHERE entity = 'person' AND entity_id = ? AND action = 'created'", [id])
        }
        #expect(logged == 1)
    }

    @Test func rolesMayBeLeftOutAndDefaultToNone() throws {
        let server = try TestServer()
        defer { server.stop() }
        try RegisterFixture(server: server).school(100001)
        let response = try server.request(
            "POST", "/v1/people", json: #"{"name":"Ada","email":"ada@school.example","schoolUrn":100001}"#)
        #expect(response.status == 201)
        #expect(response.json["roles"]?.array?.isEmpty == true)
    }

    @Test func emailIsUniqueIgnoringCase() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        try register.person(school: 100001, email: "ada@school.example")
        let duplicate = try server.request(
            "POST", "/v1/people", json: #"{"name":"Other Ada","email":"ADA@School.Example","schoolUrn":100001}"#)
        #expect(duplicate.status == 409)
        #expect(duplicate.header("Content-Type") == "application/problem+json")
        let count = try server.app.services.database.read { db in try db.scalarInt("SELECT count(*) FROM people") }
        #expect(count == 1)
    }

    @Test func invalidBodyListsEveryBadFieldIncludingUnknownOnes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/people",
            json:
                #"{"name":"","email":"not-an-email","schoolUrn":999999,"roles":["headteacher","boss","headteacher"],"accreditations":[]}"#
        )
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["name", "email", "schoolUrn", "roles[1]", "roles[2]", "accreditations"])
        let missing = try server.request("POST", "/v1/people", json: #"{"roles":"headteacher"}"#)
        #expect(Set(missing.errorFields) == ["name", "email", "schoolUrn", "roles"])
    }

    @Test func missingSchoolIs422EvenWhenTheEmailIsTaken() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        try register.person(school: 100001, email: "ada@school.example")
        let unknownSchool = try server.request(
            "POST", "/v1/people", json: #"{"name":"Bo","email":"bo@school.example","schoolUrn":100002}"#)
        #expect(unknownSchool.status == 422)
        #expect(unknownSchool.errorFields == ["schoolUrn"])
        let both = try server.request(
            "POST", "/v1/people", json: #"{"name":"Bo","email":"ada@school.example","schoolUrn":100002}"#)
        #expect(both.status == 422)
        #expect(both.errorFields == ["schoolUrn"])
    }

    @Test func emailMayBeUpTo254Characters() throws {
        let server = try TestServer()
        defer { server.stop() }
        try RegisterFixture(server: server).school(100001)
        let label = String(repeating: "a", count: 63)
        let domain = "\(label).\(label).\(label).uk"
        let local = String(repeating: "x", count: 254 - 1 - domain.count)
        let longest = "\(local)@\(domain)"
        #expect(longest.count == 254)
        let accepted = try server.request(
            "POST", "/v1/people", json: #"{"name":"Long","email":"\#(longest)","schoolUrn":100001}"#)
        #expect(accepted.status == 201)
        let rejected = try server.request(
            "POST", "/v1/people", json: #"{"name":"Longer","email":"y\#(longest)","schoolUrn":100001}"#)
        #expect(rejected.status == 422)
        #expect(rejected.errorFields == ["email"])
    }

    @Test func accreditationsComeFromTheTrainingRecords() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.person(school: 100001, roles: ["peer_reviewer"])
        try server.app.services.database.write { db in
            try db.run(
                "INSERT INTO accreditations (person_id, course, completed_on, valid_until) VALUES (?, 'peer_reviewer', '2025-01-15', '2028-01-15'), (?, 'improvement_champion', '2024-06-01', '2027-06-01')",
                [id, id])
        }
        let person = try server.request("GET", "/v1/people/\(id)")
        let accreditations = try #require(person.json["accreditations"]?.array)
        #expect(accreditations.count == 2)
        #expect(accreditations[0]["course"]?.string == "improvement_champion")
        #expect(accreditations[0]["completedOn"]?.string == "2024-06-01")
        #expect(accreditations[0]["validUntil"]?.string == "2027-06-01")
        #expect(accreditations[1]["course"]?.string == "peer_reviewer")
        let listed = try server.request("GET", "/v1/people")
        #expect(listed.json["data"]?[0]?["accreditations"]?.array?.count == 2)
        let patched = try server.request("PATCH", "/v1/people/\(id)", json: #"{"accreditations":[]}"#)
        #expect(patched.status == 422)
        #expect(patched.errorFields == ["accreditations"])
    }

    @Test func onlyAdminsWriteAndAKeyIsNeededToRead() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.trust(1)
        try register.school(100001, trust: 1)
        let id = try register.person(school: 100001)
        let key = try register.key(.trust, scope: 1)
        #expect(
            try server.request(
                "POST", "/v1/people", key: key, json: #"{"name":"X","email":"x@y.uk","schoolUrn":100001}"#
            ).status == 403)
        #expect(try server.request("PATCH", "/v1/people/\(id)", key: key, json: #"{"name":"X"}"#).status == 403)
        #expect(try server.request("GET", "/v1/people", key: nil).status == 401)
        #expect(try server.request("GET", "/v1/people/\(id)", key: nil).status == 401)
        #expect(try server.request("GET", "/v1/people/\(id)", key: key).status == 200)
    }

    @Test func unknownPersonIs404() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try server.request("GET", "/v1/people/5").status == 404)
        #expect(try server.request("PATCH", "/v1/people/5", json: #"{"name":"X"}"#).status == 404)
    }
}
