import SPP
import TestSupport
import Testing

@Suite struct PeopleListTests {
    private func names(_ response: TestResponse) -> [String] {
        response.json["data"]?.array?.compactMap { $0["name"]?.string } ?? []
    }

    @Test func filtersBySchoolRoleAndNameSubstring() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.schools([100001, 100002])
        try register.person(school: 100001, roles: ["headteacher"], name: "Ada Lovelace")
        try register.person(school: 100001, roles: ["peer_reviewer", "headteacher"], name: "Grace Hopper")
        try register.person(school: 100002, roles: ["peer_reviewer"], name: "Alan Turing")
        #expect(names(try server.request("GET", "/v1/people?schoolUrn=100001")) == ["Ada Lovelace", "Grace Hopper"])
        #expect(names(try server.request("GET", "/v1/people?role=peer_reviewer")) == ["Grace Hopper", "Alan Turing"])
        #expect(names(try server.request("GET", "/v1/people?q=LOVE")) == ["Ada Lovelace"])
        #expect(names(try server.request("GET", "/v1/people?q=%25")).isEmpty)
        #expect(
            names(try server.request("GET", "/v1/people?role=headteacher&schoolUrn=100001&q=grace")) == ["Grace Hopper"]
        )
        for (query, field) in [("role=boss", "role"), ("schoolUrn=abc", "schoolUrn"), ("q=", "q")] {
            let response = try server.request("GET", "/v1/people?\(query)")
            #expect(response.status == 422, "\(query)")
            #expect(response.errorFields == [field])
        }
    }

    @Test func pagesFollowTheLinkHeader() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        for name in ["Ann", "Ben", "Cat"] { try register.person(school: 100001, name: name) }
        let first = try server.request("GET", "/v1/people?limit=2")
        #expect(names(first) == ["Ann", "Ben"])
        let link = try #require(first.header("Link"))
        let second = try server.request("GET", String(link.dropFirst().prefix { $0 != ">" }))
        #expect(names(second) == ["Cat"])
        #expect(second.json["nextCursor"] == .null)
    }

    @Test func trustKeySeesPeopleOfItsSchoolsAndTheirPartnershipsOnly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.trust(1)
        try register.school(100001, trust: 1)
        try register.schools([100002, 100003])
        let ours = try register.person(school: 100001, name: "Ours")
        let partner = try register.person(school: 100002, name: "Partner")
        let stranger = try register.person(school: 100003, name: "Stranger")
        let partnership = try register.partnership()
        try register.join(partnership, [100001, 100002])
        let key = try register.key(.trust, scope: 1)
        #expect(names(try server.request("GET", "/v1/people", key: key)) == ["Ours", "Partner"])
        #expect(try server.request("GET", "/v1/people/\(ours)", key: key).status == 200)
        #expect(try server.request("GET", "/v1/people/\(partner)", key: key).status == 200)
        #expect(try server.request("GET", "/v1/people/\(stranger)", key: key).status == 404)
    }

    @Test func partnershipKeySeesPeopleOfItsActiveMemberSchoolsOnly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.schools([100001, 100002, 100003])
        let member = try register.person(school: 100001, name: "Member")
        let former = try register.person(school: 100002, name: "Former")
        let stranger = try register.person(school: 100003, name: "Stranger")
        let partnership = try register.partnership()
        try register.join(partnership, [100001, 100002])
        try register.leave(partnership, 100002)
        let key = try register.key(.partnership, scope: partnership)
        #expect(names(try server.request("GET", "/v1/people", key: key)) == ["Member"])
        #expect(try server.request("GET", "/v1/people/\(member)", key: key).status == 200)
        #expect(try server.request("GET", "/v1/people/\(former)", key: key).status == 404)
        #expect(try server.request("GET", "/v1/people/\(stranger)", key: key).status == 404)
    }
}
