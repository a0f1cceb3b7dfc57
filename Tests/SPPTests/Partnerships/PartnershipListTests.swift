import SPP
import TestSupport
import Testing

@Suite struct PartnershipListTests {
    private func ids(_ response: TestResponse) -> [Int] {
        response.json["data"]?.array?.compactMap { $0["id"]?.int } ?? []
    }

    @Test func filtersByCohortStatusRegionAndMemberSchool() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.schools([100001, 100002])
        let leeds = try register.partnership("Leeds", cohort: 2018)
        let york = try register.partnership("York", cohort: 2024)
        let london = try register.partnership("Camden", cohort: 2024, region: "london")
        _ = try server.request("PATCH", "/v1/partnerships/\(york)", json: #"{"status":"active"}"#)
        try register.join(leeds, [100001])
        try register.join(london, [100001, 100002])
        try register.leave(london, 100001)
        #expect(ids(try server.request("GET", "/v1/partnerships?cohort=2024")) == [york, london])
        #expect(ids(try server.request("GET", "/v1/partnerships?status=active")) == [york])
        #expect(ids(try server.request("GET", "/v1/partnerships?region=london")) == [london])
        #expect(ids(try server.request("GET", "/v1/partnerships?urn=100001")) == [leeds])
        #expect(
            ids(try server.request("GET", "/v1/partnerships?cohort=2024&region=yorkshire_and_the_humber")) == [york])
    }

    @Test func badFilterValuesAre422NamingTheParameter() throws {
        let server = try TestServer()
        defer { server.stop() }
        for (query, field) in [
            ("cohort=1999", "cohort"), ("status=open", "status"), ("region=mars", "region"),
            ("urn=12", "urn"), ("limit=0", "limit"),
        ] {
            let response = try server.request("GET", "/v1/partnerships?\(query)")
            #expect(response.status == 422, "\(query)")
            #expect(response.errorFields == [field])
        }
    }

    @Test func pagesFollowTheLinkHeaderWithoutGapsOrRepeats() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        let created = try (1...5).map { try register.partnership("P\($0)") }
        let first = try server.request("GET", "/v1/partnerships?limit=2&cohort=2024")
        #expect(ids(first) == Array(created[0..<2]))
        let link = try #require(first.header("Link"))
        #expect(link.hasSuffix(#">; rel="next""#))
        #expect(link.contains("cohort=2024"))
        let nextCursor = try #require(first.json["nextCursor"]?.string)
        #expect(link.contains(nextCursor))
        let path = String(link.dropFirst().prefix { $0 != ">" })
        let second = try server.request("GET", path)
        #expect(ids(second) == Array(created[2..<4]))
        let third = try server.request(
            "GET", "/v1/partnerships?limit=2&cursor=\(try #require(second.json["nextCursor"]?.string))")
        #expect(ids(third) == [created[4]])
        #expect(third.header("Link") == nil)
        #expect(third.json["nextCursor"] == .null)
    }

    @Test func csvExportFlattensEveryPartnership() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.partnership("Aire Valley")
        try register.partnership("Calder")
        let response = try server.request("GET", "/v1/partnerships?limit=1", headers: [("Accept", "text/csv")])
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/csv") == true)
        let lines = response.text.split(whereSeparator: \.isNewline)
        #expect(lines.count == 3)
        #expect(
            lines.first?.hasPrefix("id,name,cohort,region,status,maturity,leadPersonId,memberCount,warnings") == true)
    }

    @Test func trustKeySeesOnlyPartnershipsItsSchoolsActivelyBelongTo() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.trust(1)
        try register.school(100001, trust: 1)
        try register.school(100002)
        let ours = try register.partnership("Ours")
        let theirs = try register.partnership("Theirs")
        let former = try register.partnership("Former")
        try register.join(ours, [100001, 100002])
        try register.join(theirs, [100002])
        try register.join(former, [100001])
        try register.leave(former, 100001)
        let key = try register.key(.trust, scope: 1)
        #expect(ids(try server.request("GET", "/v1/partnerships", key: key)) == [ours])
        #expect(try server.request("GET", "/v1/partnerships/\(ours)", key: key).status == 200)
        #expect(try server.request("GET", "/v1/partnerships/\(theirs)", key: key).status == 404)
        #expect(try server.request("GET", "/v1/partnerships/\(former)", key: key).status == 404)
    }

    @Test func partnershipKeySeesOnlyItsOwnPartnership() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        let own = try register.partnership("Own")
        let other = try register.partnership("Other")
        let key = try register.key(.partnership, scope: own)
        #expect(ids(try server.request("GET", "/v1/partnerships", key: key)) == [own])
        #expect(try server.request("GET", "/v1/partnerships/\(own)", key: key).status == 200)
        #expect(try server.request("GET", "/v1/partnerships/\(other)", key: key).status == 404)
    }
}
