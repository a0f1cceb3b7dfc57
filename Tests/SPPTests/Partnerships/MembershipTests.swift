import SPP
import TestSupport
import Testing

@Suite struct MembershipTests {
    private func members(_ response: TestResponse) -> [String] {
        response.json["data"]?.array?.map { member in
            "\(member["urn"]?.int ?? 0) \(member["joinedOn"]?.string ?? "-") \(member["leftOn"]?.string ?? "-")"
        } ?? []
    }

    @Test func joiningAddsThenLeavesAnActiveMembershipAsItIs() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        let added = try register.putMember(id, 100001)
        #expect(added.status == 201)
        #expect(added.header("Location") == "/v1/partnerships/\(id)/members/100001")
        #expect(added.json["urn"]?.int == 100001)
        #expect(added.json["name"]?.string == "School 100001")
        #expect(added.json["joinedOn"]?.string == "2026-09-01")
        #expect(added.json["leftOn"] == .null)
        let again = try register.putMember(id, 100001, on: "2026-10-01")
        #expect(again.status == 200)
        #expect(again.json["joinedOn"]?.string == "2026-09-01")
        #expect(
            members(try server.request("GET", "/v1/partnerships/\(id)/members?includePast=true")) == [
                "100001 2026-09-01 -"
            ])
    }

    @Test func joinedOnMustBeAPastOrPresentDate() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        let path = "/v1/partnerships/\(id)/members/100001"
        let future = try server.request("PUT", path, json: #"{"joinedOn":"2026-11-29"}"#)
        #expect(future.status == 422)
        #expect(future.errorFields == ["joinedOn"])
        #expect(try server.request("PUT", path, json: #"{"joinedOn":"2026-02-30"}"#).errorFields == ["joinedOn"])
        #expect(try server.request("PUT", path, json: "{}").errorFields == ["joinedOn"])
        let unknown = try server.request("PUT", path, json: #"{"joinedOn":"2026-11-28","leftOn":null,"role":"x"}"#)
        #expect(Set(unknown.errorFields) == ["leftOn", "role"])
        #expect(try server.request("PUT", path, json: #"{"joinedOn":"2026-11-28"}"#).status == 201)
    }

    @Test func joiningNeedsAnExistingPartnershipAndSchool() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        #expect(try register.putMember(99, 100001).status == 404)
        #expect(try register.putMember(id, 100002).status == 404)
    }

    @Test func leavingEndsTheMembershipTodayAndKeepsItAsHistory() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.schools([100001, 100002])
        let id = try register.partnership()
        try register.join(id, [100001, 100002])
        #expect(try server.request("DELETE", "/v1/partnerships/\(id)/members/100001").status == 204)
        #expect(members(try server.request("GET", "/v1/partnerships/\(id)/members")) == ["100002 2026-09-01 -"])
        #expect(
            members(try server.request("GET", "/v1/partnerships/\(id)/members?includePast=true")) == [
                "100001 2026-09-01 2026-11-28", "100002 2026-09-01 -",
            ])
        #expect(try server.request("GET", "/v1/partnerships/\(id)").json["memberCount"]?.int == 1)
        #expect(try server.request("DELETE", "/v1/partnerships/\(id)/members/100001").status == 404)
        #expect(try server.request("DELETE", "/v1/partnerships/\(id)/members/100003").status == 404)
    }

    @Test func rejoiningOpensANewPeriodAndKeepsTheOld() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        try register.join(id, [100001], on: "2025-09-01")
        server.clock.set("2026-03-31T12:00:00Z")
        try register.leave(id, 100001)
        server.clock.set("2026-11-28T09:30:00Z")
        let tooEarly = try register.putMember(id, 100001, on: "2026-03-30")
        #expect(tooEarly.status == 422)
        #expect(tooEarly.errorFields == ["joinedOn"])
        try register.join(id, [100001])
        #expect(
            members(try server.request("GET", "/v1/partnerships/\(id)/members?includePast=true")) == [
                "100001 2025-09-01 2026-03-31", "100001 2026-09-01 -",
            ])
        #expect(members(try server.request("GET", "/v1/partnerships/\(id)/members")) == ["100001 2026-09-01 -"])
    }

    @Test func aSchoolMayBelongToSeveralPartnershipsAtOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let first = try register.partnership("First")
        let second = try register.partnership("Second")
        try register.join(first, [100001])
        try register.join(second, [100001])
        let listed = try server.request("GET", "/v1/partnerships?urn=100001")
        #expect(listed.json["data"]?.array?.compactMap { $0["id"]?.int } == [first, second])
        #expect(listed.json["data"]?.array?.allSatisfy { $0["memberCount"]?.int == 1 } == true)
    }

    @Test func membershipChangesBumpThePartnershipAndAreLogged() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        try register.join(id, [100001])
        #expect(try server.request("GET", "/v1/partnerships/\(id)").header("ETag") == "\"2\"")
        try register.leave(id, 100001)
        #expect(try server.request("GET", "/v1/partnerships/\(id)").header("ETag") == "\"3\"")
        let logged = try server.app.services.database.read { db in
            try db.fetch(
                "SELECT entity, action FROM changes WHERE entity IN ('membership', 'partnership') ORDER BY seq"
            ) {
                "\($0.text(0)) \($0.text(1))"
            }
        }
        #expect(
            logged == [
                "partnership created", "membership created", "partnership updated", "membership updated",
                "partnership updated",
            ])
    }

    /// A membership shows its school's name: renaming the school once left
    /// its ETag as it was, and a cache asking `If-None-Match` kept the old name.
    @Test func renamingTheSchoolChangesItsMemberships() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        try register.join(id, [100001])
        let path = "/v1/partnerships/\(id)/members/100001"
        #expect(try server.request("GET", path).header("ETag") == "\"1\"")

        _ = try server.request("PATCH", "/v1/schools/100001", json: #"{"name":"Birch Primary School"}"#)
        let renamed = try server.request("GET", path, headers: [("If-None-Match", "\"1\"")])
        #expect(renamed.status == 200 && renamed.header("ETag") == "\"2\"")
        #expect(renamed.json["name"]?.string == "Birch Primary School")
        _ = try server.request("PATCH", "/v1/schools/100001", json: #"{"pupils":99}"#)
        #expect(try server.request("GET", path).header("ETag") == "\"2\"")

        let file = GIASFile.file([GIASFile.row("100001", name: "Cedar Primary School")])
        #expect(try server.importSchools(file).json["updated"]?.int == 1)
        #expect(try server.request("GET", path).json["name"]?.string == "Cedar Primary School")
        #expect(try server.request("GET", path).header("ETag") == "\"3\"")
        #expect(try server.importSchools(file).json["unchanged"]?.int == 1)
        #expect(try server.request("GET", path).header("ETag") == "\"3\"")
        let feed = try server.request("GET", "/v1/changes").json["data"]?.array ?? []
        #expect(
            feed.filter { $0["entity"]?.string == "membership" }.map { $0["action"]?.string } == [
                "created", "updated", "updated",
            ])
    }

    @Test func closedPartnershipTakesNoNewMembers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.schools([100001, 100002])
        let id = try register.partnership()
        try register.join(id, [100001])
        _ = try server.request("PATCH", "/v1/partnerships/\(id)", json: #"{"status":"closed"}"#)
        let refused = try register.putMember(id, 100002)
        #expect(refused.status == 409)
        #expect(try register.putMember(id, 100001).status == 200)
    }

    @Test func anActiveMembershipCanBeReadWithinScope() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.schools([100001, 100002])
        let id = try register.partnership()
        let other = try register.partnership("Other")
        try register.join(id, [100001, 100002])
        try register.join(other, [100002])
        try register.leave(id, 100002)
        let member = try server.request("GET", "/v1/partnerships/\(id)/members/100001")
        #expect(member.status == 200)
        #expect(member.header("ETag") == "\"1\"")
        #expect(member.json["joinedOn"]?.string == "2026-09-01")
        #expect(try server.request("GET", "/v1/partnerships/\(id)/members/100002").status == 404)
        let key = try register.key(.partnership, scope: other)
        #expect(try server.request("GET", "/v1/partnerships/\(other)/members/100002", key: key).status == 200)
        #expect(try server.request("GET", "/v1/partnerships/\(id)/members/100001", key: key).status == 404)
    }

    @Test func leavingHonoursIfMatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        let added = try register.putMember(id, 100001)
        let etag = try #require(added.header("ETag"))
        let path = "/v1/partnerships/\(id)/members/100001"
        #expect(try server.request("DELETE", path, headers: [("If-Match", "\"9\"")]).status == 412)
        #expect(try server.request("DELETE", path, headers: [("If-Match", etag)]).status == 204)
    }

    @Test func onlyAdminsChangeMembership() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        let key = try register.key(.partnership, scope: id)
        let path = "/v1/partnerships/\(id)/members/100001"
        #expect(try server.request("PUT", path, key: key, json: #"{"joinedOn":"2026-09-01"}"#).status == 403)
        #expect(try server.request("DELETE", path, key: key).status == 403)
    }

    @Test func membersPageByURNStablyWhileSchoolsJoinBetweenPages() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.schools([100003, 100001, 100002, 100000, 100004])
        let id = try register.partnership()
        try register.join(id, [100003, 100001, 100002])
        let first = try server.request("GET", "/v1/partnerships/\(id)/members?limit=2")
        #expect(first.json["data"]?.array?.compactMap { $0["urn"]?.int } == [100001, 100002])
        let link = try #require(first.header("Link"))
        try register.join(id, [100000, 100004])
        let second = try server.request("GET", String(link.dropFirst().prefix { $0 != ">" }))
        #expect(second.json["data"]?.array?.compactMap { $0["urn"]?.int } == [100003, 100004])
        #expect(second.header("Link") == nil)
    }

    @Test func membersFollowTheKeysScope() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.trust(1)
        try register.school(100001, trust: 1)
        try register.schools([100002, 100003])
        let ours = try register.partnership("Ours")
        let theirs = try register.partnership("Theirs")
        try register.join(ours, [100001, 100002, 100003])
        try register.join(theirs, [100003])
        try register.leave(ours, 100003)
        let trustKey = try register.key(.trust, scope: 1)
        let visible = try server.request("GET", "/v1/partnerships/\(ours)/members?includePast=true", key: trustKey)
        #expect(visible.json["data"]?.array?.compactMap { $0["urn"]?.int } == [100001, 100002])
        #expect(try server.request("GET", "/v1/partnerships/\(theirs)/members", key: trustKey).status == 404)
        let partnershipKey = try register.key(.partnership, scope: theirs)
        let own = try server.request("GET", "/v1/partnerships/\(theirs)/members", key: partnershipKey)
        #expect(own.json["data"]?.array?.compactMap { $0["urn"]?.int } == [100003])
        #expect(try server.request("GET", "/v1/partnerships/\(ours)/members", key: partnershipKey).status == 404)
        #expect(try server.request("GET", "/v1/partnerships/99/members").status == 404)
    }
}
