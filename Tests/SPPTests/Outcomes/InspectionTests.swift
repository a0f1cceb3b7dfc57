import JSON
import SPP
import TestSupport
import Testing

/// Ofsted inspections (CONTRACT §3 "Evaluation outcomes"): each framework's
/// own fields and dates, the school's grade that follows them, and scope.
@Suite struct InspectionTests {
    private static let judgements =
        #"{"qualityOfEducation":2,"behaviourAndAttitudes":1,"personalDevelopment":2,"leadershipAndManagement":3}"#
    private static let card =
        #"{"inclusion":"strong_standard","curriculumAndTeaching":"expected_standard","achievement":"needs_attention","#
        + #""attendanceAndBehaviour":"exceptional","personalDevelopmentAndWellbeing":"expected_standard","#
        + #""leadershipAndGovernance":"urgent_improvement","safeguarding":"met"}"#

    private func record(_ server: TestServer, _ body: String, school urn: Int = 100_001) throws -> TestResponse {
        try server.request("POST", "/v1/schools/\(urn)/inspections", json: body)
    }

    @discardableResult
    private func recorded(_ server: TestServer, _ body: String) throws -> JSONValue {
        let response = try record(server, body)
        try #require(response.status == 201, "\(response.text)")
        return response.json
    }

    /// Trusts 1 and 2, school 100001 in trust 1, and an ungraded inspection of it.
    private func inspectedSchoolOfTrustOne(_ server: TestServer) throws -> (RegisterFixture, id: Int) {
        let fixture = RegisterFixture(server: server)
        try fixture.trust(1)
        try fixture.trust(2)
        try fixture.school(100_001, trust: 1)
        let id = try #require(
            try recorded(server, #"{"inspectedOn":"2017-06-01","framework":"ungraded"}"#)["id"]?.int)
        return (fixture, id)
    }

    @Test func eachFrameworkKeepsItsOwnFields() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100_001)
        let report = try record(
            server, #"{"inspectedOn":"2026-01-20","framework":"report_card_2025","reportCard":\#(Self.card)}"#)
        #expect(report.status == 201)
        let id = try #require(report.json["id"]?.int)
        #expect(report.header("Location") == "/v1/inspections/\(id)")
        #expect(report.header("ETag") == #""1""#)
        try recorded(
            server,
            #"{"inspectedOn":"2019-03-05","framework":"graded_pre_2024","overallGrade":2,"#
                + #""keyJudgements":\#(Self.judgements)}"#)
        try recorded(
            server, #"{"inspectedOn":"2025-02-11","framework":"graded_2024","keyJudgements":\#(Self.judgements)}"#)
        try recorded(server, #"{"inspectedOn":"2017-06-01","framework":"ungraded"}"#)

        let list = try server.request("GET", "/v1/schools/100001/inspections").json["data"]?.array ?? []
        #expect(list.map { $0["inspectedOn"]?.string } == ["2017-06-01", "2019-03-05", "2025-02-11", "2026-01-20"])
        #expect(
            list.map { $0["framework"]?.string } == ["ungraded", "graded_pre_2024", "graded_2024", "report_card_2025"])
        #expect(list.map { $0["overallGrade"]?.int } == [nil, 2, nil, nil])
        #expect(list[0]["keyJudgements"] == .null && list[0]["reportCard"] == .null)
        #expect(list[1]["keyJudgements"]?["leadershipAndManagement"]?.int == 3)
        #expect(list[2]["keyJudgements"] == (try JSONParser.parse(Array(Self.judgements.utf8))))
        #expect(list[3]["reportCard"] == (try JSONParser.parse(Array(Self.card.utf8))))
        let one = try server.request("GET", "/v1/inspections/\(id)")
        #expect(one.status == 200 && one.json == list[3])

        // In CSV a nested object null in some rows leaves its cells empty, not a column of its own.
        let csv = try server.request("GET", "/v1/schools/100001/inspections", headers: [("Accept", "text/csv")])
        let header = csv.text.split(separator: "\r\n").first?.split(separator: ",").map(String.init) ?? []
        #expect(header.contains("keyJudgements.qualityOfEducation") && header.contains("reportCard.safeguarding"))
        #expect(!header.contains("keyJudgements") && !header.contains("reportCard"))
    }

    @Test(arguments: [
        // A field of another framework.
        (#""framework":"graded_2024","inspectedOn":"2025-01-10","overallGrade":2,"keyJudgements":J"#, "overallGrade"),
        (
            #""framework":"report_card_2025","inspectedOn":"2026-01-10","reportCard":C,"keyJudgements":J"#,
            "keyJudgements"
        ),
        (#""framework":"graded_pre_2024","inspectedOn":"2020-01-10","overallGrade":2,"reportCard":C"#, "reportCard"),
        (#""framework":"ungraded","inspectedOn":"2020-01-10","overallGrade":1"#, "overallGrade"),
        // A field the framework needs.
        (#""framework":"graded_pre_2024","inspectedOn":"2020-01-10""#, "overallGrade"),
        (#""framework":"graded_2024","inspectedOn":"2025-01-10""#, "keyJudgements"),
        (#""framework":"report_card_2025","inspectedOn":"2026-01-10""#, "reportCard"),
        // A date outside the framework's period, in the future, or no date at all.
        (#""framework":"graded_pre_2024","inspectedOn":"2024-09-02","overallGrade":2"#, "inspectedOn"),
        (#""framework":"graded_2024","inspectedOn":"2024-09-01","keyJudgements":J"#, "inspectedOn"),
        (#""framework":"graded_2024","inspectedOn":"2025-11-10","keyJudgements":J"#, "inspectedOn"),
        (#""framework":"report_card_2025","inspectedOn":"2025-11-09","reportCard":C"#, "inspectedOn"),
        (#""framework":"ungraded","inspectedOn":"2026-11-29""#, "inspectedOn"),
        (#""framework":"ungraded","inspectedOn":"2026-02-30""#, "inspectedOn"),
        (#""framework":"ungraded""#, "inspectedOn"),
        // Values off the scales, and fields nobody knows.
        (#""framework":"graded_pre_2024","inspectedOn":"2020-01-10","overallGrade":5"#, "overallGrade"),
        (
            #""framework":"graded_2024","inspectedOn":"2025-01-10","keyJudgements":{"qualityOfEducation":2}"#,
            "keyJudgements.behaviourAndAttitudes"
        ),
        (#""framework":"graded_2024","inspectedOn":"2025-01-10","keyJudgements":J,"grade":"good""#, "grade"),
        (#""framework":"outstanding","inspectedOn":"2020-01-10""#, "framework"),
    ])
    func aFieldOrDateThatDoesNotFitTheFrameworkIs422(fields: String, field: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100_001)
        let body =
            "{"
            + fields.replacingOccurrences(of: ":J", with: ":" + Self.judgements)
            .replacingOccurrences(of: ":C", with: ":" + Self.card) + "}"
        let response = try record(server, body)
        #expect(response.status == 422, "\(body)")
        #expect(response.errorFields.contains(field), "\(response.errorFields) for \(body)")
        #expect(try server.count("SELECT count(*) FROM inspections") == 0)
    }

    @Test(arguments: [
        ("graded_pre_2024", "2024-09-01", #","overallGrade":2"#),
        ("graded_2024", "2024-09-02", #","keyJudgements":J"#),
        ("graded_2024", "2025-11-09", #","keyJudgements":J"#),
        ("report_card_2025", "2025-11-10", #","reportCard":C"#),
        ("report_card_2025", "2026-11-28", #","reportCard":C"#),
        ("ungraded", "2026-11-28", ""),
    ])
    func theLastAndFirstDaysOfEachPeriodAreAccepted(framework: String, date: String, fields: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100_001)
        let extra = fields.replacingOccurrences(of: ":J", with: ":" + Self.judgements)
            .replacingOccurrences(of: ":C", with: ":" + Self.card)
        let response = try record(server, #"{"framework":"\#(framework)","inspectedOn":"\#(date)"\#(extra)}"#)
        #expect(response.status == 201, "\(response.text)")
    }

    @Test func aSchoolWithInspectionsIsNotDeleted() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100_001)
        try recorded(server, #"{"inspectedOn":"2017-06-01","framework":"ungraded"}"#)
        let refused = try server.request("DELETE", "/v1/schools/100001")
        #expect(refused.status == 409)
        #expect(refused.json["detail"]?.string?.contains("1 inspection") == true, "\(refused.text)")
    }

    @Test func theSchoolShowsItsLatestOverallGrade() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.createSchool(100_001, extra: #""trustId":\#(try server.createTrust())"#)
        func school() throws -> JSONValue { try server.request("GET", "/v1/schools/100001").json }
        #expect(try school()["ofstedGrade"] == .null)

        try recorded(server, #"{"inspectedOn":"2019-03-05","framework":"graded_pre_2024","overallGrade":3}"#)
        #expect(try school()["ofstedGrade"]?.int == 3)
        #expect(try school()["version"]?.int == 2)
        let later = try recorded(
            server, #"{"inspectedOn":"2022-10-01","framework":"graded_pre_2024","overallGrade":1}"#)
        #expect(try school()["ofstedGrade"]?.int == 1)
        try recorded(
            server, #"{"inspectedOn":"2025-02-11","framework":"graded_2024","keyJudgements":\#(Self.judgements)}"#)
        #expect(try school()["ofstedGrade"]?.int == 1, "no overall grade after 2024: the latest graded one stays")
        #expect(try school()["version"]?.int == 3)

        let laterID = try #require(later["id"]?.int)
        let stale = try server.request("DELETE", "/v1/inspections/\(laterID)", headers: [("If-Match", #""9""#)])
        #expect(stale.status == 412)
        let deleted = try server.request("DELETE", "/v1/inspections/\(laterID)", headers: [("If-Match", #""1""#)])
        #expect(deleted.status == 204)
        #expect(try school()["ofstedGrade"]?.int == 3)
        #expect(try server.request("GET", "/v1/inspections/\(laterID)").status == 404)
        #expect(try server.request("DELETE", "/v1/inspections/\(laterID)").status == 404)
        #expect(try server.request("GET", "/v1/schools?ofstedGrade=3").json["data"]?.array?.count == 1)
    }

    @Test func keysSeeTheInspectionsOfTheSchoolsTheySeeAndOnlyAdminsWrite() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (fixture, id) = try inspectedSchoolOfTrustOne(server)
        try fixture.school(100_002, trust: 2)
        let ours = try fixture.key(.trust, scope: 1)
        let theirs = try fixture.key(.trust, scope: 2)
        #expect(try server.request("GET", "/v1/schools/100001/inspections", key: ours).status == 200)
        #expect(try server.request("GET", "/v1/inspections/\(id)", key: ours).status == 200)
        #expect(try server.request("GET", "/v1/schools/100001/inspections", key: theirs).status == 404)
        #expect(try server.request("GET", "/v1/inspections/\(id)", key: theirs).status == 404)
        #expect(try server.request("GET", "/v1/inspections/\(id)", key: nil).status == 401)
        let refused = try server.request(
            "POST", "/v1/schools/100001/inspections", key: ours,
            json: #"{"inspectedOn":"2017-06-01","framework":"ungraded"}"#)
        #expect(refused.status == 403)
        #expect(try server.request("DELETE", "/v1/inspections/\(id)", key: ours).status == 403)
        #expect(
            try record(server, #"{"inspectedOn":"2017-06-01","framework":"ungraded"}"#, school: 100_009).status == 404)
        #expect(try server.request("GET", "/v1/schools/100009/inspections").status == 404)
    }

    @Test func theChangesFeedCarriesInspectionsToTheirSchoolsScope() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (fixture, id) = try inspectedSchoolOfTrustOne(server)
        #expect(try server.request("DELETE", "/v1/inspections/\(id)").status == 204)
        func feed(_ trust: Int) throws -> [String] {
            let key = try fixture.key(.trust, scope: trust)
            return try server.request("GET", "/v1/changes", key: key).json["data"]?.array?.compactMap {
                $0["entity"]?.string == "inspection" ? $0["action"]?.string : nil
            } ?? []
        }
        #expect(try feed(1) == ["created", "deleted"])
        #expect(try feed(2).isEmpty)
    }
}
