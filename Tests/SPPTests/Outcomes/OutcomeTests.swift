import JSON
import SPP
import TestSupport
import Testing

/// National rates and the Ofsted outcome of partnership schools (CONTRACT §3
/// "Evaluation outcomes").
@Suite struct OutcomeTests {
    @Test func nationalRatesAreEnteredWithTheirSourceAndReadBack() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try server.request("GET", "/v1/outcomes/national-rates/2022").status == 404)
        let body =
            #"{"improvedRate":0.7,"declinedRate":0.05,"source":"Ofsted statistics 2021/22","#
            + #""definition":"RI schools graded good or better at their next inspection"}"#
        let put = try server.request("PUT", "/v1/outcomes/national-rates/2022", json: body)
        #expect(put.status == 200)
        #expect(put.json["improvedRate"]?.number == 0.7 && put.json["version"]?.int == 1)
        let read = try server.request("GET", "/v1/outcomes/national-rates/2022")
        #expect(read.json["source"]?.string == "Ofsted statistics 2021/22")
        #expect(read.header("ETag") == #""1""#)
        // The same figures again change nothing; new ones move the version.
        #expect(try server.request("PUT", "/v1/outcomes/national-rates/2022", json: body).json["version"]?.int == 1)
        let changed = try server.request(
            "PUT", "/v1/outcomes/national-rates/2022",
            json: #"{"improvedRate":0.71,"declinedRate":0.05,"source":"Revised","definition":"As before"}"#)
        #expect(changed.json["version"]?.int == 2 && changed.json["source"]?.string == "Revised")

        let bad = try server.request(
            "PUT", "/v1/outcomes/national-rates/1999", json: #"{"improvedRate":1.5,"grade":"good"}"#)
        #expect(bad.status == 422)
        #expect(Set(bad.errorFields) == ["year", "improvedRate", "source", "definition", "grade"])
        let overOne = try server.request(
            "PUT", "/v1/outcomes/national-rates/2022",
            json: #"{"improvedRate":0.5,"declinedRate":0.6,"source":"S","definition":"D"}"#)
        #expect(overOne.status == 422 && overOne.errorFields == ["declinedRate"])
        let trustKey = try RegisterFixture(server: server).key(.trust, scope: try server.createTrust())
        #expect(try server.request("PUT", "/v1/outcomes/national-rates/2022", key: trustKey, json: body).status == 403)
        #expect(try server.request("GET", "/v1/outcomes/national-rates/2022", key: trustKey).status == 200)
    }

    /// DOMAIN's own example of a national rate gives only how many schools
    /// improved; both rates were required, so an admin had to invent the other.
    @Test func aYearMayGiveOnlyOneRate() throws {
        let server = try TestServer()
        defer { server.stop() }
        let improvedOnly = try server.request(
            "PUT", "/v1/outcomes/national-rates/2022",
            json: #"{"improvedRate":0.7,"source":"Ofsted statistics 2021/22","definition":"RI to good or better"}"#)
        #expect(improvedOnly.status == 200)
        #expect(improvedOnly.json["improvedRate"]?.number == 0.7 && improvedOnly.json["declinedRate"] == .null)
        let declinedOnly = try server.request(
            "PUT", "/v1/outcomes/national-rates/2023",
            json: #"{"improvedRate":null,"declinedRate":0.1,"source":"S","definition":"D"}"#)
        #expect(declinedOnly.status == 200 && declinedOnly.json["improvedRate"] == .null)
        let neither = try server.request(
            "PUT", "/v1/outcomes/national-rates/2024", json: #"{"source":"S","definition":"D"}"#)
        #expect(neither.status == 422 && neither.errorFields == ["improvedRate"])
        #expect(try server.request("GET", "/v1/outcomes/national-rates/2024").status == 404)
        // The outcome compares with the improved rate when the cohort's year has one.
        let withRate = try server.request("GET", "/v1/outcomes/ofsted?cohort=2022").json
        #expect(withRate["nationalImprovedRate"]?.number == 0.7)
        #expect(try server.request("GET", "/v1/outcomes/ofsted?cohort=2023").json["nationalImprovedRate"] == .null)
    }

    /// Cohort 2018 (partnership P) and 2019 (Q):
    /// - A: 3 before joining, 2 after: improved. B: 2, 2: unchanged. C: 2, 4: declined.
    /// - D: a baseline only. H: no inspection; joined P before Q, so cohort 2018.
    /// - E: converted from E0 (graded 4 before E joined), then graded 2: improved.
    /// - G: cohort 2019, 4 then 1. F never joined a partnership.
    @discardableResult
    private func register(_ server: TestServer) throws -> (p: Int, q: Int) {
        let fixture = RegisterFixture(server: server)
        try fixture.schools([100_001, 100_002, 100_003, 100_004, 100_005, 100_006, 100_007, 100_008, 100_009])
        let e0 = 100_008
        try server.app.services.database.write { db in
            try db.run("UPDATE schools SET predecessor_urn = ? WHERE urn = 100005", [e0])
            try db.run("UPDATE schools SET region = 'london' WHERE urn IN (100001, 100002)")
        }
        let p = try fixture.partnership("Aire Valley", cohort: 2018)
        let q = try fixture.partnership("Calder", cohort: 2019)
        try fixture.join(p, [100_001, 100_002, 100_003, 100_004, 100_005], on: "2018-09-01")
        try fixture.join(p, [100_007], on: "2018-09-01")
        try fixture.join(q, [100_007], on: "2019-01-01")
        try fixture.join(q, [100_006], on: "2019-09-01")
        let grades: [(Int, String, Int)] = [
            (100_001, "2016-05-01", 3), (100_001, "2019-06-01", 2), (100_001, "2022-06-01", 4),
            (100_002, "2017-05-01", 2), (100_002, "2020-06-01", 2),
            (100_003, "2015-05-01", 1), (100_003, "2018-03-01", 2), (100_003, "2021-06-01", 4),
            (100_004, "2018-09-01", 3),
            (e0, "2015-05-01", 4), (100_005, "2019-06-01", 2),
            (100_006, "2019-02-01", 4), (100_006, "2023-02-01", 1),
            (100_009, "2015-02-01", 4), (100_009, "2023-02-01", 1),
        ]
        for (urn, date, grade) in grades {
            let response = try server.request(
                "POST", "/v1/schools/\(urn)/inspections",
                json: #"{"inspectedOn":"\#(date)","framework":"graded_pre_2024","overallGrade":\#(grade)}"#)
            try #require(response.status == 201, "\(response.text)")
        }
        return (p, q)
    }

    private func outcome(_ server: TestServer, _ query: String = "", key: String?? = .some(nil)) throws -> JSONValue {
        let response = try server.request("GET", "/v1/outcomes/ofsted" + query, key: key)
        try #require(response.status == 200, "\(response.text)")
        return response.json
    }

    @Test func aCohortIsComparedWithItsYearsNationalRate() throws {
        let server = try TestServer()
        defer { server.stop() }
        try register(server)
        let before = try outcome(server, "?cohort=2018")
        #expect(before["schools"]?.int == 6)
        #expect(before["withBaselineAndFollowUp"]?.int == 4)
        #expect(before["improved"]?.int == 2 && before["unchanged"]?.int == 1 && before["declined"]?.int == 1)
        #expect(before["improvedRate"]?.number == 0.5)
        let nobody = try outcome(server, "?cohort=2020")
        #expect(nobody["schools"]?.int == 0 && nobody["improvedRate"]?.number == 0 && nobody["pValue"] == .null)
        #expect(before["nationalImprovedRate"] == .null && before["pValue"] == .null && before["difference"] == .null)

        let put = try server.request(
            "PUT", "/v1/outcomes/national-rates/2018",
            json: #"{"improvedRate":0.25,"declinedRate":0.1,"source":"test figures","definition":"improved"}"#)
        try #require(put.status == 200)
        let compared = try outcome(server, "?cohort=2018")
        #expect(compared["nationalImprovedRate"]?.number == 0.25)
        #expect(compared["difference"]?.number == 0.25)
        // Two of four improved against 0.25: P(2) + P(3) + P(4).
        #expect(abs((compared["pValue"]?.number ?? 0) - 0.26171875) < 1e-9)
    }

    /// A school and the schools it replaced or that replaced it are one
    /// school; schools a predecessor split into are not each other's history.
    @Test func aLineageIsOneSchoolAndSiblingsStayApart() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        try fixture.schools([100_101, 100_102, 100_103, 100_104, 100_105])
        try server.app.services.database.write { db in
            try db.run("UPDATE schools SET predecessor_urn = 100101 WHERE urn IN (100102, 100103)")
            try db.run("UPDATE schools SET predecessor_urn = 100104 WHERE urn = 100105")
        }
        let p = try fixture.partnership("Aire Valley", cohort: 2018)
        let q = try fixture.partnership("Calder", cohort: 2020)
        try fixture.join(p, [100_102, 100_104], on: "2018-09-01")
        try fixture.join(q, [100_105], on: "2020-09-01")
        for (urn, date, grade) in [
            (100_101, "2016-05-01", 3), (100_103, "2019-06-01", 1),  // the sibling's grade is not 100102's
            (100_104, "2017-05-01", 3), (100_105, "2021-06-01", 2),  // converted: one history
        ] {
            let response = try server.request(
                "POST", "/v1/schools/\(urn)/inspections",
                json: #"{"inspectedOn":"\#(date)","framework":"graded_pre_2024","overallGrade":\#(grade)}"#)
            try #require(response.status == 201, "\(response.text)")
        }
        let result = try outcome(server)
        #expect(result["schools"]?.int == 2, "100102, and 100104 through its successor 100105")
        #expect(result["withBaselineAndFollowUp"]?.int == 1 && result["improved"]?.int == 1)
        // The lineage first joined in 2018 (through 100104), whatever cohort its successor joined.
        #expect(try outcome(server, "?cohort=2018")["improved"]?.int == 1)
        #expect(try outcome(server, "?cohort=2020")["schools"]?.int == 0)
    }

    @Test func filtersAndScopeSelectTheSchools() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (_, q) = try register(server)
        let all = try outcome(server)
        #expect(all["schools"]?.int == 7, "every school that joined a partnership, whatever its cohort")
        #expect(all["withBaselineAndFollowUp"]?.int == 5 && all["improved"]?.int == 3)
        let cohort2019 = try outcome(server, "?cohort=2019")
        #expect(cohort2019["schools"]?.int == 1 && cohort2019["improved"]?.int == 1)
        let london = try outcome(server, "?region=london")
        #expect(london["schools"]?.int == 2 && london["improved"]?.int == 1 && london["unchanged"]?.int == 1)
        let inQ = try outcome(server, "?partnershipId=\(q)")
        #expect(inQ["schools"]?.int == 2, "H and G have been members of Q")

        let partnershipKey = try RegisterFixture(server: server).key(.partnership, scope: q)
        let scoped = try outcome(server, key: partnershipKey)
        #expect(scoped["schools"]?.int == 2 && scoped["withBaselineAndFollowUp"]?.int == 1)

        let bad = try server.request("GET", "/v1/outcomes/ofsted?cohort=1990&region=mars&partnershipId=0")
        #expect(bad.status == 422)
        #expect(Set(bad.errorFields) == ["cohort", "region", "partnershipId"])
        #expect(try server.request("GET", "/v1/outcomes/ofsted", key: nil).status == 401)
    }
}
