import JSON
import SPP
import TestSupport
import Testing

/// `GET /v1/audit`: the change log as admins read it (CONTRACT §3 "Keys and audit").
@Suite struct AuditTests {
    /// Ids of the entries in a page, in the order served.
    private func ids(_ response: TestResponse) -> [Int] {
        response.json["data"]?.array?.compactMap { $0["id"]?.int } ?? []
    }

    private func entries(_ server: TestServer, _ query: String = "") throws -> [JSONValue] {
        let response = try server.request("GET", "/v1/audit" + query)
        try #require(response.status == 200, "\(response.text)")
        return response.json["data"]?.array ?? []
    }

    /// A second admin key, so changes can be told apart by key.
    private func secondAdmin(_ server: TestServer) throws -> (id: Int, secret: String) {
        let created = try server.request("POST", "/v1/api-keys", json: #"{"name":"second","role":"admin"}"#)
        try #require(created.status == 201)
        return (try #require(created.json["id"]?.int), try #require(created.json["key"]?.string))
    }

    @Test func eachChangeIsListedNewestFirstWithItsKeyAndRequest() throws {
        let server = try TestServer(clock: FixedClock("2026-11-28T09:30:00Z"))
        defer { server.stop() }
        let trust = try server.createTrust()
        server.clock.advance(seconds: 60)
        try server.createSchool(100_001, extra: #""trustId":\#(trust)"#)
        let patched = try server.request(
            "PATCH", "/v1/schools/100001", json: #"{"pupils":420}"#, headers: [("If-Match", #""1""#)])
        try #require(patched.status == 200, "\(patched.text)")
        let adminID = try #require(server.request("GET", "/v1/api-keys").json["data"]?.array?.first?["id"]?.int)

        // A school that joins a trust changes the trust too (its version moves),
        // in the same transaction. The oldest entry is the test's admin key.
        let log = try entries(server)
        #expect(log.map { $0["entity"]?.string } == ["school", "trust", "school", "trust", "api_key"])
        #expect(log.map { $0["action"]?.string } == ["updated", "updated", "created", "created", "created"])
        #expect(log.map { $0["entityId"]?.int } == [100_001, trust, 100_001, trust, adminID])
        let newest = try #require(log.first)
        #expect(newest["keyId"]?.int == adminID)
        #expect(newest["method"]?.string == "PATCH")
        #expect(newest["path"]?.string == "/v1/schools/100001")
        #expect(newest["at"]?.string == "2026-11-28T09:31:00Z")
        #expect(log.last?["at"]?.string == "2026-11-28T09:30:00Z")
        let logIDs = log.compactMap { $0["id"]?.int }
        #expect(logIDs == logIDs.sorted(by: >))
    }

    @Test func changesFromTheCommandLineHaveNoKeyMethodOrPath() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.app.services.database.write { db in
            try ChangeLog.record(db, .school, id: 100_002, .created, by: .commandLine, at: server.clock.now())
        }
        let entry = try #require(try entries(server).first)
        #expect(entry["keyId"] == .null)
        #expect(entry["method"] == .null)
        #expect(entry["path"] == .null)
        #expect(entry["entityId"]?.int == 100_002)
    }

    @Test func filtersByKeyEntityAndInclusiveDates() throws {
        let server = try TestServer(clock: FixedClock("2026-11-01T23:59:59Z"))
        defer { server.stop() }
        let second = try secondAdmin(server)
        let trust = try server.createTrust()  // 1 Nov, first admin
        server.clock.set("2026-11-02T00:00:00Z")
        let bySecondKey = try server.request(
            "POST", "/v1/schools", key: second.secret, json: TestServer.schoolJSON(100_003))
        try #require(bySecondKey.status == 201)
        server.clock.set("2026-11-03T12:00:00Z")
        try server.createSchool(100_004)

        let bySecond = try entries(server, "?keyId=\(second.id)")
        #expect(bySecond.map { $0["entityId"]?.int } == [100_003])
        #expect(try entries(server, "?entity=trust").map { $0["entityId"]?.int } == [trust])
        #expect(try entries(server, "?from=2026-11-02").map { $0["entityId"]?.int } == [100_004, 100_003])
        // Before the trust, the second key and the test's own were issued on 1 Nov.
        #expect(try entries(server, "?to=2026-11-02").map { $0["entityId"]?.int } == [100_003, trust, second.id, 1])
        #expect(try entries(server, "?from=2026-11-02&to=2026-11-02").map { $0["entityId"]?.int } == [100_003])
        #expect(try entries(server, "?entity=school&keyId=\(second.id)&from=2026-11-03").isEmpty)
        #expect(try entries(server, "?from=2026-11-04").isEmpty)
    }

    @Test func pagesStayStableWhileNewChangesArrive() throws {
        let server = try TestServer()
        defer { server.stop() }
        for urn in 100_010...100_014 { try server.createSchool(urn) }
        let first = try server.request("GET", "/v1/audit?entity=school&limit=2")
        #expect(first.json["data"]?.array?.map { $0["entityId"]?.int } == [100_014, 100_013])
        let cursor = try #require(first.json["nextCursor"]?.string)
        let link = try #require(first.header("Link"))
        #expect(link.contains("entity=school") && link.contains("cursor=") && link.hasSuffix(#"rel="next""#))

        try server.createSchool(100_015)
        var seen: [Int?] = []
        var next: String? = cursor
        while let page = next {
            let response = try server.request("GET", "/v1/audit?entity=school&limit=2&cursor=\(page)")
            try #require(response.status == 200)
            seen += response.json["data"]?.array?.map { $0["entityId"]?.int } ?? []
            next = response.json["nextCursor"]?.string
        }
        #expect(seen == [100_012, 100_011, 100_010])
        #expect(ids(try server.request("GET", "/v1/audit?limit=1")).count == 1)
    }

    /// Issuing and revoking keys and entering national rates left no trace:
    /// the log could not say who made an admin key. They are audited, and
    /// stay out of the changes feed, which lists the register's entities.
    @Test func keysAndNationalRatesAreAuditedButNotInTheFeed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let second = try secondAdmin(server)
        #expect(try server.request("DELETE", "/v1/api-keys/\(second.id)").status == 204)
        let rates = #"{"improvedRate":0.7,"declinedRate":0.05,"source":"S","definition":"D"}"#
        #expect(try server.request("PUT", "/v1/outcomes/national-rates/2022", json: rates).status == 200)
        #expect(try server.request("PUT", "/v1/outcomes/national-rates/2022", json: rates).status == 200)
        let revised = #"{"improvedRate":0.71,"declinedRate":0.05,"source":"S","definition":"D"}"#
        #expect(try server.request("PUT", "/v1/outcomes/national-rates/2022", json: revised).status == 200)

        let log = try entries(server)
        #expect(
            log.map { "\($0["entity"]?.string ?? "") \($0["entityId"]?.int ?? 0) \($0["action"]?.string ?? "")" } == [
                "national_rate 2022 updated", "national_rate 2022 created", "api_key \(second.id) deleted",
                "api_key \(second.id) created", "api_key 1 created",
            ])
        // The oldest is the test's own admin key, made without a request.
        #expect(log[0]["method"]?.string == "PUT" && log[3]["path"]?.string == "/v1/api-keys")
        #expect(log[4]["keyId"] == .null)
        #expect(try entries(server, "?entity=api_key").count == 3)
        #expect(try server.request("GET", "/v1/changes").json["data"]?.array?.isEmpty == true)
    }

    @Test func onlyAdminKeysReadTheLog() throws {
        let server = try TestServer()
        defer { server.stop() }
        let trust = try server.createTrust()
        let created = try server.request(
            "POST", "/v1/api-keys", json: #"{"name":"trust","role":"trust","scope":\#(trust)}"#)
        let trustKey = try #require(created.json["key"]?.string)
        #expect(try server.request("GET", "/v1/audit", key: trustKey).status == 403)
        #expect(try server.request("GET", "/v1/audit").status == 200)
        #expect(try server.request("GET", "/v1/audit", key: nil).status == 401)
    }

    @Test func everyBadFilterIsNamedInOne422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/v1/audit?entity=grade&from=2026-13-01&to=x&keyId=0&limit=0")
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["entity", "from", "to", "keyId", "limit"])
        #expect(try server.request("GET", "/v1/audit?cursor=bm90LWEtY3Vyc29y").status == 422)
    }

    @Test func csvHoldsEveryMatchingEntry() throws {
        let server = try TestServer()
        defer { server.stop() }
        for urn in 100_020...100_022 { try server.createSchool(urn) }
        let response = try server.request("GET", "/v1/audit?limit=1", headers: [("Accept", "text/csv")])
        #expect(response.status == 200)
        let lines = response.text.split(separator: "\r\n")
        #expect(lines.first == "id,at,keyId,method,path,entity,entityId,action")
        #expect(lines.count == 5)  // with the test's admin key, issued first
        #expect(lines[1].hasSuffix(",POST,/v1/schools,school,100022,created"))
    }
}
