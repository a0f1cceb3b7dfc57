import JSON
import SPP
import TestSupport
import Testing

@Suite struct PartnershipTests {
    @Test func newPartnershipStartsFormingAndBuildingWithLocationAndETag() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/partnerships",
            json: #"{"name":"Aire Valley","cohort":2024,"region":"yorkshire_and_the_humber"}"#)
        #expect(response.status == 201)
        let id = try #require(response.json["id"]?.int)
        #expect(response.header("Location") == "/v1/partnerships/\(id)")
        #expect(response.header("ETag") == "\"1\"")
        #expect(response.json["status"]?.string == "forming")
        #expect(response.json["maturity"]?.string == "build")
        #expect(response.json["leadPersonId"] == .null)
        #expect(response.json["memberCount"]?.int == 0)
        #expect(response.json["createdAt"]?.string == "2026-11-28T09:30:00Z")
        let fetched = try server.request("GET", "/v1/partnerships/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.json == response.json)
    }

    @Test func createListsEveryBadFieldAtOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/partnerships",
            json: #"{"name":"","cohort":2013,"region":"mars","leadPersonId":999,"status":"active","colour":"red"}"#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["name", "cohort", "region", "leadPersonId", "status", "colour"])
        let missing = try server.request("POST", "/v1/partnerships", json: "{}")
        #expect(Set(missing.errorFields) == ["name", "cohort"])
    }

    @Test func cohortRunsFrom2014To2100() throws {
        let server = try TestServer()
        defer { server.stop() }
        for (cohort, status) in [(2014, 201), (2100, 201), (2013, 422), (2101, 422)] {
            let response = try server.request("POST", "/v1/partnerships", json: #"{"name":"P","cohort":\#(cohort)}"#)
            #expect(response.status == status, "cohort \(cohort)")
        }
    }

    @Test func leadMustBeAPersonWithThePartnershipLeadRole() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let headteacher = try register.person(school: 100001, roles: ["headteacher"], name: "Grace Hopper")
        let lead = try register.person(school: 100001, roles: ["partnership_lead"], name: "Alan Turing")
        let withoutRole = try server.request(
            "POST", "/v1/partnerships", json: #"{"name":"P","cohort":2024,"leadPersonId":\#(headteacher)}"#)
        #expect(withoutRole.status == 422)
        #expect(withoutRole.errorFields == ["leadPersonId"])
        #expect(withoutRole.text.contains("partnership_lead"))
        let nobody = try server.request(
            "POST", "/v1/partnerships", json: #"{"name":"P","cohort":2024,"leadPersonId":4242}"#)
        #expect(nobody.errorFields == ["leadPersonId"])
        let created = try server.request(
            "POST", "/v1/partnerships", json: #"{"name":"P","cohort":2024,"leadPersonId":\#(lead)}"#)
        #expect(created.status == 201)
        #expect(created.json["leadPersonId"]?.int == lead)
        let id = try #require(created.json["id"]?.int)
        let patched = try server.request("PATCH", "/v1/partnerships/\(id)", json: #"{"leadPersonId":\#(headteacher)}"#)
        #expect(patched.status == 422)
        #expect(patched.errorFields == ["leadPersonId"])
    }

    @Test func patchMergesFieldsAndNullClearsNullableOnes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let lead = try register.person(school: 100001, roles: ["partnership_lead"])
        let id = try register.partnership("Aire Valley", cohort: 2020)
        let withLead = try server.request("PATCH", "/v1/partnerships/\(id)", json: #"{"leadPersonId":\#(lead)}"#)
        #expect(withLead.json["leadPersonId"]?.int == lead)
        #expect(withLead.json["version"]?.int == 2)
        let response = try server.request(
            "PATCH", "/v1/partnerships/\(id)",
            json: #"{"name":"Aire and Calder","region":null,"leadPersonId":null,"status":"active","maturity":"embed"}"#,
            headers: [("Content-Type", "application/merge-patch+json")])
        #expect(response.status == 200)
        #expect(response.header("ETag") == "\"3\"")
        #expect(response.json["name"]?.string == "Aire and Calder")
        #expect(response.json["cohort"]?.int == 2020)
        #expect(response.json["region"] == .null)
        #expect(response.json["leadPersonId"] == .null)
        #expect(response.json["status"]?.string == "active")
        #expect(response.json["maturity"]?.string == "embed")
        #expect(response.json["version"]?.int == 3)
        #expect(response.json["updatedAt"]?.string == "2026-11-28T09:30:00Z")
        #expect(try server.request("GET", "/v1/partnerships/\(id)").json == response.json)
    }

    @Test func patchRejectsNullForRequiredFieldsAndListsUnknownOnes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let id = try RegisterFixture(server: server).partnership()
        let response = try server.request(
            "PATCH", "/v1/partnerships/\(id)",
            json: #"{"name":null,"cohort":null,"status":"paused","memberCount":9,"warnings":[]}"#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["name", "cohort", "status", "memberCount", "warnings"])
        #expect(try server.request("GET", "/v1/partnerships/\(id)").json["version"]?.int == 1)
    }

    @Test func patchThatChangesNothingKeepsTheVersion() throws {
        let server = try TestServer()
        defer { server.stop() }
        let id = try RegisterFixture(server: server).partnership("Aire Valley")
        let response = try server.request("PATCH", "/v1/partnerships/\(id)", json: #"{"name":"Aire Valley"}"#)
        #expect(response.status == 200)
        #expect(response.json["version"]?.int == 1)
    }

    @Test func patchHonoursIfMatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let id = try RegisterFixture(server: server).partnership()
        let stale = try server.request(
            "PATCH", "/v1/partnerships/\(id)", json: #"{"name":"New"}"#, headers: [("If-Match", "\"7\"")])
        #expect(stale.status == 412)
        let current = try server.request(
            "PATCH", "/v1/partnerships/\(id)", json: #"{"name":"New"}"#, headers: [("If-Match", "\"1\"")])
        #expect(current.status == 200)
        #expect(current.json["name"]?.string == "New")
    }

    @Test func unknownPartnershipIs404() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try server.request("GET", "/v1/partnerships/99").status == 404)
        #expect(try server.request("PATCH", "/v1/partnerships/99", json: #"{"name":"X"}"#).status == 404)
        #expect(try server.request("GET", "/v1/partnerships/abc").status == 404)
    }

    @Test func getAnswers304ForTheCurrentETag() throws {
        let server = try TestServer()
        defer { server.stop() }
        let id = try RegisterFixture(server: server).partnership()
        let response = try server.request("GET", "/v1/partnerships/\(id)", headers: [("If-None-Match", "\"1\"")])
        #expect(response.status == 304)
    }

    @Test func onlyAdminsWriteAndAnonymousCallersSeeNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        let id = try register.partnership()
        let ownKey = try register.key(.partnership, scope: id)
        #expect(
            try server.request("PATCH", "/v1/partnerships/\(id)", key: ownKey, json: #"{"name":"X"}"#).status == 403)
        #expect(
            try server.request("POST", "/v1/partnerships", key: ownKey, json: #"{"name":"X","cohort":2024}"#).status
                == 403)
        #expect(try server.request("GET", "/v1/partnerships", key: nil).status == 401)
        #expect(try server.request("GET", "/v1/partnerships/\(id)", key: nil).status == 401)
    }

    @Test func warningsFlagSizesOutsideThreeToSeven() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        let urns = Array(100001...100008)
        try register.schools(urns)
        let id = try register.partnership()
        func warnings() throws -> [JSONValue] {
            try #require(try server.request("GET", "/v1/partnerships/\(id)").json["warnings"]?.array)
        }
        try register.join(id, Array(urns[0..<2]))
        #expect(try warnings().count == 1)
        #expect(try warnings().first?.string?.contains("2 active member schools") == true)
        try register.join(id, [urns[2]])
        #expect(try warnings().isEmpty)
        try register.join(id, Array(urns[3..<7]))
        #expect(try warnings().isEmpty)
        try register.join(id, [urns[7]])
        #expect(try warnings().first?.string?.contains("8 active member schools") == true)
        #expect(try server.request("GET", "/v1/partnerships/\(id)").json["memberCount"]?.int == 8)
    }

    @Test func warningsRuleCoversTheEdgesOfTheUsualSize() {
        #expect(Partnership.warnings(activeMembers: 0).count == 1)
        #expect(
            Partnership.warnings(activeMembers: 1) == [
                "The partnership has 1 active member school; partnerships usually have 3 to 7."
            ])
        #expect(Partnership.warnings(activeMembers: 2).count == 1)
        #expect(Partnership.warnings(activeMembers: 3).isEmpty)
        #expect(Partnership.warnings(activeMembers: 7).isEmpty)
        #expect(Partnership.warnings(activeMembers: 8).count == 1)
    }
}
