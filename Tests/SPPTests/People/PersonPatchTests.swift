import SPP
import TestSupport
import Testing

@Suite struct PersonPatchTests {
    @Test func patchMergesOnlyTheFieldsSentAndReplacesRoles() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.schools([100001, 100002])
        let id = try register.person(
            school: 100001, roles: ["headteacher", "peer_reviewer"], email: "ada@school.example")
        let response = try server.request(
            "PATCH", "/v1/people/\(id)", json: #"{"schoolUrn":100002,"roles":["other"]}"#,
            headers: [("Content-Type", "application/merge-patch+json")])
        #expect(response.status == 200)
        #expect(response.header("ETag") == "\"2\"")
        #expect(response.json["name"]?.string == "Ada Lovelace")
        #expect(response.json["email"]?.string == "ada@school.example")
        #expect(response.json["schoolUrn"]?.int == 100002)
        #expect(response.json["roles"]?.array?.compactMap(\.string) == ["other"])
        #expect(try server.request("GET", "/v1/people/\(id)").json == response.json)
        let cleared = try server.request("PATCH", "/v1/people/\(id)", json: #"{"roles":[]}"#)
        #expect(cleared.json["roles"]?.array?.isEmpty == true)
        #expect(cleared.json["version"]?.int == 3)
    }

    @Test func patchThatChangesNothingKeepsTheVersion() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.person(school: 100001, roles: ["headteacher"])
        let response = try server.request("PATCH", "/v1/people/\(id)", json: #"{"roles":["headteacher"]}"#)
        #expect(response.status == 200)
        #expect(response.json["version"]?.int == 1)
    }

    @Test func patchRejectsNullsBadValuesAndUnknownFieldsTogether() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.person(school: 100001)
        let response = try server.request(
            "PATCH", "/v1/people/\(id)",
            json: #"{"name":null,"email":"a b@c.uk","schoolUrn":100009,"roles":["other","other"],"id":4}"#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["name", "email", "schoolUrn", "roles[1]", "id"])
        let roles = try server.request("PATCH", "/v1/people/\(id)", json: #"{"roles":null}"#)
        #expect(roles.errorFields == ["roles"])
    }

    @Test func patchHonoursIfMatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.person(school: 100001)
        #expect(
            try server.request("PATCH", "/v1/people/\(id)", json: #"{"name":"Ada"}"#, headers: [("If-Match", "\"2\"")])
                .status == 412)
        let ok = try server.request(
            "PATCH", "/v1/people/\(id)", json: #"{"name":"Ada"}"#, headers: [("If-Match", "\"1\"")])
        #expect(ok.status == 200)
        #expect(ok.json["name"]?.string == "Ada")
    }

    @Test func patchToAnotherPersonsEmailIs409AndToAMissingSchool422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        try register.person(school: 100001, email: "ada@school.example", name: "Ada")
        let bo = try register.person(school: 100001, email: "bo@school.example", name: "Bo")
        #expect(try server.request("PATCH", "/v1/people/\(bo)", json: #"{"email":"Ada@School.example"}"#).status == 409)
        let ownCase = try server.request("PATCH", "/v1/people/\(bo)", json: #"{"email":"BO@school.example"}"#)
        #expect(ownCase.status == 200)
        let school = try server.request("PATCH", "/v1/people/\(bo)", json: #"{"schoolUrn":100002}"#)
        #expect(school.status == 422)
        #expect(school.errorFields == ["schoolUrn"])
    }

    @Test func aPartnershipLeadKeepsTheRoleWhileLeading() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let lead = try register.person(school: 100001, roles: ["partnership_lead", "headteacher"])
        let id = try register.partnership()
        _ = try server.request("PATCH", "/v1/partnerships/\(id)", json: #"{"leadPersonId":\#(lead)}"#)
        let refused = try server.request("PATCH", "/v1/people/\(lead)", json: #"{"roles":["headteacher"]}"#)
        #expect(refused.status == 409)
        #expect(refused.json["detail"]?.string?.contains("partnership \(id)") == true)
        _ = try server.request("PATCH", "/v1/partnerships/\(id)", json: #"{"leadPersonId":null}"#)
        #expect(try server.request("PATCH", "/v1/people/\(lead)", json: #"{"roles":["headteacher"]}"#).status == 200)
    }
}
