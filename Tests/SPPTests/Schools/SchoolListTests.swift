import JSON
import SPP
import TestSupport
import Testing

@Suite struct SchoolListTests {
    /// Six schools across phases, regions, authorities, trusts and grades.
    private func register(_ server: TestServer) throws -> (trust: Int, partnership: Int) {
        let trust = try server.createTrust()
        let rows: [(Int, String, String, String, String)] = [
            (100001, "Ash Primary School", "primary", "london", "Camden"),
            (100002, "Beech Academy", "secondary", "london", "Hackney"),
            (100003, "Cedar Primary School", "primary", "north_east", "Durham"),
            (100004, "St Mary's Nursery School", "nursery", "north_east", "Durham"),
            (100005, "Elm Primary", "primary", "wales", "Cardiff"),
            (100006, "Fir All-through School", "all_through", "london", "Camden"),
        ]
        for (urn, name, phase, region, authority) in rows {
            let trustField = urn <= 100002 ? #","trustId":\#(trust)"# : ""
            let response = try server.request(
                "POST", "/v1/schools",
                json: #"{"urn":\#(urn),"name":"\#(name)","phase":"\#(phase)","type":"Community school","#
                    + #""localAuthority":"\#(authority)","region":"\#(region)"\#(trustField)}"#)
            try #require(response.status == 201, "\(response.text)")
        }
        try server.app.services.database.write { db in
            try db.run("UPDATE schools SET gias_ofsted_grade = 2, ofsted_grade = 2 WHERE urn IN (100001, 100003)")
        }
        let fixture = RegisterFixture(server: server)
        let partnership = try fixture.partnership()
        try fixture.join(partnership, [100003, 100004, 100005])
        try fixture.leave(partnership, 100005)
        return (trust, partnership)
    }

    @Test func eachFilterNarrowsTheList() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (trust, partnership) = try register(server)
        let cases: [(String, [Int])] = [
            ("", [100001, 100002, 100003, 100004, 100005, 100006]),
            ("phase=primary", [100001, 100003, 100005]),
            ("region=north_east", [100003, 100004]),
            ("localAuthority=camden", [100001, 100006]),
            ("trustId=\(trust)", [100001, 100002]),
            ("partnershipId=\(partnership)", [100003, 100004]),
            ("q=PRIMARY", [100001, 100003, 100005]),
            ("q=st%20mary%27s", [100004]),
            ("q=%25", []),
            ("ofstedGrade=2", [100001, 100003]),
            ("phase=primary&region=london&ofstedGrade=2", [100001]),
        ]
        for (query, expected) in cases {
            let response = try server.request("GET", "/v1/schools?\(query)")
            #expect(response.status == 200, "\(query)")
            #expect(response.urns == expected, "\(query)")
        }
    }

    @Test func everyBadFilterIsNamedInOne422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "GET", "/v1/schools?phase=infant&region=mars&trustId=abc&partnershipId=0&ofstedGrade=5&q=&limit=501")
        #expect(response.status == 422)
        #expect(
            Set(response.errorFields) == ["phase", "region", "trustId", "partnershipId", "ofstedGrade", "q", "limit"])
        for (query, field) in [
            ("localAuthority=", "localAuthority"), ("cursor=%21", "cursor"), ("ofstedGrade=0", "ofstedGrade"),
        ] {
            #expect(try server.request("GET", "/v1/schools?\(query)").errorFields == [field], "\(query)")
        }
    }

    @Test func pagesStayStableWhileSchoolsAreInsertedBetweenThem() throws {
        let server = try TestServer()
        defer { server.stop() }
        let original = [100010, 100020, 100030, 100040, 100050]
        for urn in original { try server.createSchool(urn) }
        let first = try server.request("GET", "/v1/schools?limit=2")
        #expect(first.urns == [100010, 100020])
        try server.createSchool(100005)
        try server.createSchool(100060)
        var seen = first.urns
        var next = first.header("Link").map { String($0.dropFirst().prefix { $0 != ">" }) }
        while let path = next {
            let page = try server.request("GET", path)
            #expect(page.status == 200)
            seen += page.urns
            next = page.header("Link").map { String($0.dropFirst().prefix { $0 != ">" }) }
        }
        #expect(seen == original + [100060])
        #expect(Set(seen).count == seen.count)
    }

    /// Weights decide (RFC 9110 §12.4.2): `q=0` refuses CSV, and JSON preferred
    /// by weight wins. Naming `text/csv` was once enough. Either way the answer
    /// varies by `Accept`, and says so to caches.
    @Test(arguments: [
        ("text/csv", true), ("text/csv;q=0, application/json", false), ("application/json, text/csv; Q=0", false),
        ("text/csv;q=0.5, application/json;q=0.9", false), ("text/csv;q=0.9, application/json;q=0.5", true),
        ("text/csv, */*;q=0.1", true), ("text/csv;q=0.8, */*", false), ("*/*", false), ("text/*", false),
        ("application/json, text/csv", true), ("text/csv;q=0.5, application/*;q=0.4", true),
        ("TEXT/CSV ; Q=0.001", true), ("text/csv;q=0.000", false), ("text/csv;q=abc", false),
        ("text/csv;q=1.0001", false),
        ("text/csv;q=-1", false), ("text/csv;q=1e0", false), ("text/csv;q=1.", true),
    ])
    func acceptWeightsChooseBetweenCSVAndJSON(accept: String, csv: Bool) throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/v1/schools?limit=1", headers: [("Accept", accept)])
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix(csv ? "text/csv" : "application/json") == true)
        #expect(response.header("Vary") == "Accept")
    }

    /// Several `Accept` fields are one list (RFC 9110 §5.3).
    @Test func acceptFieldsAreReadTogether() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "GET", "/v1/schools?limit=1", headers: [("Accept", "application/json;q=0.1"), ("Accept", "text/csv")])
        #expect(response.header("Content-Type")?.hasPrefix("text/csv") == true)
    }

    /// `Accept: ;` once split into no items at all and indexed the first: a
    /// crash any client could cause. It names no media type, so JSON it is.
    @Test(arguments: [";", " , ;q=1", ";text/csv"])
    func acceptWithEmptyMediaRangesGetsJSON(accept: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/v1/schools?limit=1", headers: [("Accept", accept)])
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
    }

    @Test func csvExportHasEveryMatchingRowAcrossPages() throws {
        let server = try TestServer()
        defer { server.stop() }
        _ = try register(server)
        let response = try server.request(
            "GET", "/v1/schools?region=london&limit=1", headers: [("Accept", "text/csv")])
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/csv") == true)
        let lines = response.text.split(separator: "\r\n")
        #expect(
            lines.first
                == "urn,name,phase,type,localAuthority,region,trustId,predecessorUrn,ofstedGrade,pupils,postcode,version,createdAt,updatedAt"
        )
        #expect(lines.dropFirst().map { $0.prefix(6) } == ["100001", "100002", "100006"])
        #expect(lines[1].hasPrefix("100001,Ash Primary School,primary,Community school,Camden,london,"))
    }

    @Test func aTrustKeySeesItsSchoolsAndItsPartnershipsSchoolsOnly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        let (trust, partnership) = try register(server)
        // The trust's school 100001 joins the partnership, which brings its other active members into view.
        try fixture.join(partnership, [100001])
        let key = try fixture.key(.trust, scope: trust)
        #expect(try server.request("GET", "/v1/schools", key: key).urns == [100001, 100002, 100003, 100004])
        #expect(try server.request("GET", "/v1/schools?region=london", key: key).urns == [100001, 100002])
        #expect(try server.request("GET", "/v1/schools/100003", key: key).status == 200)
        for hidden in [100005, 100006, 999999] {
            let response = try server.request("GET", "/v1/schools/\(hidden)", key: key)
            #expect(response.status == 404, "\(hidden)")
        }
        let csv = try server.request("GET", "/v1/schools", key: key, headers: [("Accept", "text/csv")])
        #expect(csv.text.split(separator: "\r\n").count == 5)
    }

    @Test func aPartnershipKeySeesItsActiveMembersOnly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (_, partnership) = try register(server)
        let key = try RegisterFixture(server: server).key(.partnership, scope: partnership)
        #expect(try server.request("GET", "/v1/schools", key: key).urns == [100003, 100004])
        #expect(try server.request("GET", "/v1/schools/100005", key: key).status == 404)
        #expect(try server.request("GET", "/v1/schools/100001", key: key).status == 404)
    }
}
