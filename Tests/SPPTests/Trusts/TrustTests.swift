import JSON
import SPP
import TestSupport
import Testing

@Suite struct TrustTests {
    @Test func createAnswers201WithLocationETagAndEveryField() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/trusts",
            json: #"{"name":"Oak Learning Trust","giasCode":"16514","companiesHouseNumber":"08123456"}"#)
        #expect(response.status == 201)
        let id = try #require(response.json["id"]?.int)
        #expect(response.header("Location") == "/v1/trusts/\(id)")
        #expect(response.header("ETag") == "\"1\"")
        let expected: JSONValue = .object([
            "id": .integer(Int64(id)), "name": .string("Oak Learning Trust"), "giasCode": .string("16514"),
            "companiesHouseNumber": .string("08123456"), "schoolCount": .integer(0), "version": .integer(1),
            "createdAt": .string("2026-11-28T09:30:00Z"), "updatedAt": .string("2026-11-28T09:30:00Z"),
        ])
        #expect(response.json == expected)
        let fetched = try server.request("GET", "/v1/trusts/\(id)")
        #expect(fetched.json == expected)
        #expect(try server.request("GET", "/v1/trusts/\(id)", headers: [("If-None-Match", "\"1\"")]).status == 304)
        #expect(try server.request("GET", "/v1/trusts/\(id + 1)").status == 404)
    }

    @Test func createListsEveryBadFieldAtOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/trusts",
            json: #"{"name":"","giasCode":"123456789012345678901","companiesHouseNumber":"12","schoolCount":3,"x":1}"#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["name", "giasCode", "companiesHouseNumber", "schoolCount", "x"])
        #expect(try server.request("POST", "/v1/trusts", json: "{}").errorFields == ["name"])
        let blank = try server.request("POST", "/v1/trusts", json: #"{"name":"   "}"#)
        #expect(blank.status == 422 && blank.errorFields == ["name"])
    }

    /// 150 letters each with a combining mark: 150 characters, but 300 of
    /// the Unicode scalars that the schema's CHECK counts. Found by the
    /// contract fuzzer as a `500`.
    @Test func aNameIsMeasuredAsTheSchemaMeasuresIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let marked = String(repeating: "e\u{301}", count: 150)
        let refused = try server.request("POST", "/v1/trusts", json: "{\"name\":\"\(marked)\"}")
        #expect(refused.status == 422)
        #expect(refused.errorFields == ["name"])
        let fits = String(repeating: "e\u{301}", count: 100)
        #expect(try server.request("POST", "/v1/trusts", json: "{\"name\":\"\(fits)\"}").status == 201)
    }

    @Test func aGIASCodeBelongsToOneTrust() throws {
        let server = try TestServer()
        defer { server.stop() }
        let first = try server.createTrust("One", giasCode: "16514")
        let taken = try server.request("POST", "/v1/trusts", json: #"{"name":"Two","giasCode":"16514"}"#)
        #expect(taken.status == 409)
        #expect(taken.text.contains("Trust \(first)"))
        let second = try server.createTrust("Two")
        #expect(try server.request("PATCH", "/v1/trusts/\(second)", json: #"{"giasCode":"16514"}"#).status == 409)
        #expect(try server.request("PATCH", "/v1/trusts/\(first)", json: #"{"giasCode":"16514"}"#).status == 200)
    }

    @Test func patchMergesNullClearsAndIfMatchGuardsIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let id = try server.createTrust("Oak", giasCode: "1")
        let stale = try server.request(
            "PATCH", "/v1/trusts/\(id)", json: #"{"name":"Elm"}"#, headers: [("If-Match", "\"2\"")])
        #expect(stale.status == 412)
        let patched = try server.request(
            "PATCH", "/v1/trusts/\(id)", json: #"{"name":"Elm","giasCode":null,"companiesHouseNumber":"SC123456"}"#,
            headers: [("If-Match", "\"1\""), ("Content-Type", "application/merge-patch+json")])
        #expect(patched.status == 200)
        #expect(patched.json["name"]?.string == "Elm")
        #expect(patched.json["giasCode"] == .null)
        #expect(patched.json["companiesHouseNumber"]?.string == "SC123456")
        #expect(patched.header("ETag") == "\"2\"")
        let noOp = try server.request("PATCH", "/v1/trusts/\(id)", json: #"{"name":"Elm"}"#)
        #expect(noOp.json["version"]?.int == 2)
        let bad = try server.request("PATCH", "/v1/trusts/\(id)", json: #"{"name":null,"version":9}"#)
        #expect(Set(bad.errorFields) == ["name", "version"])
        #expect(try server.request("PATCH", "/v1/trusts/999", json: #"{"name":"X"}"#).status == 404)
    }

    @Test func schoolsJoiningOrLeavingMoveTheCountAndTheVersion() throws {
        let server = try TestServer()
        defer { server.stop() }
        let oak = try server.createTrust("Oak")
        let elm = try server.createTrust("Elm")
        try server.createSchool(100001, extra: #""trustId":\#(oak)"#)
        try server.createSchool(100002, extra: #""trustId":\#(oak)"#)
        var trust = try server.request("GET", "/v1/trusts/\(oak)").json
        #expect(trust["schoolCount"]?.int == 2)
        #expect(trust["version"]?.int == 3)
        _ = try server.request("PATCH", "/v1/schools/100002", json: #"{"trustId":\#(elm)}"#)
        trust = try server.request("GET", "/v1/trusts/\(oak)").json
        #expect(trust["schoolCount"]?.int == 1)
        #expect(trust["version"]?.int == 4)
        #expect(try server.request("GET", "/v1/trusts/\(elm)").json["schoolCount"]?.int == 1)
        _ = try server.request("DELETE", "/v1/schools/100001")
        trust = try server.request("GET", "/v1/trusts/\(oak)").json
        #expect(trust["schoolCount"]?.int == 0)
        #expect(trust["version"]?.int == 5)
        let bad = try server.request("PATCH", "/v1/schools/100002", json: #"{"trustId":999}"#)
        #expect(bad.status == 422)
        #expect(bad.errorFields == ["trustId"])
    }

    @Test func keysSeeTheTrustsOfTheirScopeAndOnlyAdminsWrite() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        let oak = try server.createTrust("Oak")
        let elm = try server.createTrust("Elm")
        let ash = try server.createTrust("Ash")
        try server.createSchool(100001, extra: #""trustId":\#(oak)"#)
        try server.createSchool(100002, extra: #""trustId":\#(elm)"#)
        try server.createSchool(100003, extra: #""trustId":\#(ash)"#)
        let partnership = try fixture.partnership()
        try fixture.join(partnership, [100001, 100002])
        let trustKey = try fixture.key(.trust, scope: oak)
        let partnershipKey = try fixture.key(.partnership, scope: partnership)
        let ids = { (response: TestResponse) in response.json["data"]?.array?.compactMap { $0["id"]?.int } ?? [] }
        #expect(ids(try server.request("GET", "/v1/trusts")) == [oak, elm, ash])
        #expect(ids(try server.request("GET", "/v1/trusts", key: trustKey)) == [oak, elm])
        #expect(ids(try server.request("GET", "/v1/trusts", key: partnershipKey)) == [oak, elm])
        #expect(try server.request("GET", "/v1/trusts/\(ash)", key: trustKey).status == 404)
        #expect(try server.request("GET", "/v1/trusts/\(elm)", key: trustKey).status == 200)
        #expect(try server.request("POST", "/v1/trusts", key: trustKey, json: #"{"name":"X"}"#).status == 403)
        #expect(try server.request("PATCH", "/v1/trusts/\(oak)", key: trustKey, json: #"{"name":"X"}"#).status == 403)
        #expect(try server.request("GET", "/v1/trusts", key: nil).status == 401)
    }

    @Test func listPagesByIdAndExportsCSV() throws {
        let server = try TestServer()
        defer { server.stop() }
        let ids = try ["Oak", "Elm", "Ash"].map { try server.createTrust($0) }
        let first = try server.request("GET", "/v1/trusts?limit=2")
        #expect(first.json["data"]?.array?.compactMap { $0["id"]?.int } == Array(ids.prefix(2)))
        let cursor = try #require(first.json["nextCursor"]?.string)
        let second = try server.request("GET", "/v1/trusts?limit=2&cursor=\(cursor)")
        #expect(second.json["data"]?.array?.compactMap { $0["id"]?.int } == [ids[2]])
        #expect(second.json["nextCursor"] == .null)
        let csv = try server.request("GET", "/v1/trusts", headers: [("Accept", "text/csv")])
        let lines = csv.text.split(separator: "\r\n")
        #expect(lines.first == "id,name,giasCode,companiesHouseNumber,schoolCount,version,createdAt,updatedAt")
        #expect(lines.count == 4)
    }
}
