import JSON
import SPP
import TestSupport
import Testing

@Suite struct SchoolImportTests {
    /// The import takes up to 50 MiB: only an admin key gets it read. Anyone
    /// else is answered before a byte of it arrives, with no `100 Continue`,
    /// and never makes the server buffer it (an adversarial probe had 20 such
    /// uploads without a key take the server from 34 MB to 1 GB).
    @Test func aCallerWithoutAnAdminKeyIsRefusedBeforeTheBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.trust(1)
        let trust = try register.key(.trust, scope: 1)
        for (authorization, status) in [
            ("", 401), ("Authorization: Bearer spp_unknown\r\n", 401), ("Authorization: Bearer \(trust)\r\n", 403),
        ] {
            let client = try RawHTTPClient(port: server.port)
            try client.send(
                "POST /v1/schools/import HTTP/1.1\r\nHost: t\r\n\(authorization)Content-Type: text/csv\r\n"
                    + "Content-Length: 50000000\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(try client.isClosedByPeer())
        }
        let admin = try RawHTTPClient(port: server.port)
        try admin.send(
            "POST /v1/schools/import HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(server.adminKey)\r\n"
                + "Content-Type: text/csv\r\nContent-Length: 50000000\r\nExpect: 100-continue\r\n\r\n")
        #expect(try admin.readResponse().status == 100)
        // Answered by the engine, the refusals still count in the metrics.
        let metrics = try server.request("GET", "/metrics").text
        #expect(metrics.contains(#"spp_http_requests_total{method="POST",route="/v1/schools/import",status="401"} 2"#))
        #expect(metrics.contains(#"spp_http_requests_total{method="POST",route="/v1/schools/import",status="403"} 1"#))
    }

    @Test func importCreatesSchoolsAndTrustsInOurTerms() throws {
        let server = try TestServer()
        defer { server.stop() }
        let file = GIASFile.file([
            GIASFile.row("100001", trustCode: "16514", trustName: "Oak Learning Trust", rating: "Outstanding"),
            GIASFile.row(
                "100002", phase: "All through", region: "Wales (pseudo)", trustCode: "16514",
                trustName: "Oak Learning Trust", rating: "Serious Weaknesses", pupils: "", postcode: ""),
            GIASFile.row("100003", phase: "16 plus", region: "Not Applicable", rating: "Special Measures"),
            GIASFile.row(
                "100004", phase: "middle deemed SECONDARY", region: "yorkshire and the humber",
                rating: "Insufficient evidence"),
        ])
        let response = try server.importSchools(file)
        #expect(response.status == 200)
        #expect(
            response.json
                == .object([
                    "created": .integer(4), "updated": .integer(0), "unchanged": .integer(0),
                    "trusts": .object(["created": .integer(1), "renamed": .integer(0)]), "dryRun": .bool(false),
                ]))
        let first = try server.request("GET", "/v1/schools/100001").json
        let trust = try #require(first["trustId"]?.int)
        #expect(first["ofstedGrade"]?.int == 1)
        #expect(first["phase"]?.string == "primary")
        #expect(first["region"]?.string == "london")
        #expect(first["pupils"]?.int == 420)
        #expect(first["postcode"]?.string == "NW1 2AB")
        #expect(first["type"]?.string == "Community school")
        #expect(first["localAuthority"]?.string == "Camden")
        let second = try server.request("GET", "/v1/schools/100002").json
        #expect(second["phase"]?.string == "all_through")
        #expect(second["region"]?.string == "wales")
        #expect(second["ofstedGrade"]?.int == 4)
        #expect(second["pupils"] == .null)
        #expect(second["postcode"] == .null)
        #expect(second["trustId"]?.int == trust)
        let third = try server.request("GET", "/v1/schools/100003").json
        #expect(third["phase"]?.string == "sixteen_plus")
        #expect(third["region"]?.string == "not_applicable")
        #expect(third["ofstedGrade"]?.int == 4)
        #expect(third["trustId"] == .null)
        let fourth = try server.request("GET", "/v1/schools/100004").json
        #expect(fourth["phase"]?.string == "middle_deemed_secondary")
        #expect(fourth["ofstedGrade"] == .null)
        let trustJSON = try server.request("GET", "/v1/trusts/\(trust)").json
        #expect(trustJSON["giasCode"]?.string == "16514")
        #expect(trustJSON["name"]?.string == "Oak Learning Trust")
        #expect(trustJSON["schoolCount"]?.int == 2)
        #expect(try server.count("SELECT count(*) FROM changes WHERE entity = 'school' AND action = 'created'") == 4)
        #expect(try server.count("SELECT count(*) FROM changes WHERE entity = 'trust' AND action = 'created'") == 1)
    }

    @Test func importingTheSameFileTwiceChangesNothingTheSecondTime() throws {
        let server = try TestServer()
        defer { server.stop() }
        let file = GIASFile.file([
            GIASFile.row("100001", trustCode: "16514", trustName: "Oak Learning Trust"),
            GIASFile.row("100002", rating: "", pupils: ""),
        ])
        #expect(try server.importSchools(file).json["created"]?.int == 2)
        let changes = try server.count("SELECT count(*) FROM changes")
        server.clock.advance(seconds: 3600)
        let again = try server.importSchools(file)
        #expect(again.status == 200)
        #expect(again.json["created"]?.int == 0)
        #expect(again.json["updated"]?.int == 0)
        #expect(again.json["unchanged"]?.int == 2)
        #expect(again.json["trusts"]?["created"]?.int == 0)
        #expect(try server.count("SELECT count(*) FROM changes") == changes)
        let school = try server.request("GET", "/v1/schools/100001").json
        #expect(school["version"]?.int == 1)
        #expect(school["updatedAt"]?.string == "2026-11-28T09:30:00Z")
        let trust = try server.request("GET", "/v1/trusts/\(try #require(school["trustId"]?.int))").json
        #expect(trust["version"]?.int == 1)
    }

    @Test func aChangedRowUpdatesTheSchoolAndARenamedTrustKeepsItsId() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = GIASFile.file([
            GIASFile.row("100001", trustCode: "16514", trustName: "Oak Learning Trust", rating: "Good"),
            GIASFile.row("100002"),
        ])
        _ = try server.importSchools(before)
        let trust = try #require(try server.request("GET", "/v1/schools/100001").json["trustId"]?.int)
        server.clock.advance(seconds: 60)
        let after = GIASFile.file([
            GIASFile.row(
                "100001", name: "Ash Academy", trustCode: "16514", trustName: "Oak Academies Trust",
                rating: "Requires improvement"),
            GIASFile.row("100002"),
            GIASFile.row("100003", trustCode: "16514", trustName: "Oak Academies Trust"),
        ])
        let response = try server.importSchools(after)
        #expect(response.json["created"]?.int == 1)
        #expect(response.json["updated"]?.int == 1)
        #expect(response.json["unchanged"]?.int == 1)
        #expect(response.json["trusts"]?["renamed"]?.int == 1)
        let school = try server.request("GET", "/v1/schools/100001").json
        #expect(school["name"]?.string == "Ash Academy")
        #expect(school["ofstedGrade"]?.int == 3)
        #expect(school["version"]?.int == 2)
        #expect(school["updatedAt"]?.string == "2026-11-28T09:31:00Z")
        let trustJSON = try server.request("GET", "/v1/trusts/\(trust)").json
        #expect(trustJSON["name"]?.string == "Oak Academies Trust")
        #expect(trustJSON["schoolCount"]?.int == 2)
        // Renamed and gaining a school: one change, one version step.
        #expect(trustJSON["version"]?.int == 2)
    }

    @Test func aSchoolLeavingATrustMovesBothTrustsOn() throws {
        let server = try TestServer()
        defer { server.stop() }
        _ = try server.importSchools(GIASFile.file([GIASFile.row("100001", trustCode: "1", trustName: "One")]))
        let one = try #require(try server.request("GET", "/v1/schools/100001").json["trustId"]?.int)
        let two = try server.createTrust("Two", giasCode: "2")
        _ = try server.importSchools(GIASFile.file([GIASFile.row("100001", trustCode: "2", trustName: "Two")]))
        let first = try server.request("GET", "/v1/trusts/\(one)").json
        let second = try server.request("GET", "/v1/trusts/\(two)").json
        #expect(first["schoolCount"]?.int == 0)
        #expect(first["version"]?.int == 2)
        #expect(second["schoolCount"]?.int == 1)
        #expect(second["version"]?.int == 2)
    }

    @Test func aDryRunCountsWhatWouldChangeAndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        _ = try server.importSchools(GIASFile.file([GIASFile.row("100001")]))
        let changes = try server.count("SELECT count(*) FROM changes")
        let file = GIASFile.file([
            GIASFile.row("100001", name: "Renamed"), GIASFile.row("100002", trustCode: "9", trustName: "Nine"),
        ])
        let response = try server.importSchools(file, query: "?dryRun=true")
        #expect(response.status == 200)
        #expect(response.json["created"]?.int == 1)
        #expect(response.json["updated"]?.int == 1)
        #expect(response.json["trusts"]?["created"]?.int == 1)
        #expect(response.json["dryRun"]?.bool == true)
        #expect(try server.count("SELECT count(*) FROM schools") == 1)
        #expect(try server.count("SELECT count(*) FROM trusts") == 0)
        #expect(try server.count("SELECT count(*) FROM changes") == changes)
        #expect(try server.request("GET", "/v1/schools/100001").json["name"]?.string == "Ash Primary School")
        #expect(try server.importSchools(file, query: "?dryRun=maybe").status == 422)
    }

    @Test func everyBadRowIsReportedWithItsLineAndNothingIsWritten() throws {
        let server = try TestServer()
        defer { server.stop() }
        let file = GIASFile.file([
            GIASFile.row("100001"),
            GIASFile.row("12345"),
            GIASFile.row("100003", phase: "Infant"),
            GIASFile.row("100001"),
            "100005,Too Short,Community school",
            GIASFile.row("abc", region: "Mars", pupils: "lots"),
            GIASFile.row("100007", trustCode: "77"),
            GIASFile.row("100008", trustCode: "1", trustName: "One"),
            GIASFile.row("100009", trustCode: "1", trustName: "Won"),
        ])
        let response = try server.importSchools(file)
        #expect(response.status == 422)
        #expect(
            response.importErrors == [
                ImportError(line: 3, field: "URN"),
                ImportError(line: 4, field: "PhaseOfEducation (name)"),
                ImportError(line: 5, field: "URN"),
                ImportError(line: 6, field: ""),
                ImportError(line: 7, field: "URN"),
                ImportError(line: 7, field: "GOR (name)"),
                ImportError(line: 7, field: "NumberOfPupils"),
                ImportError(line: 8, field: "Trusts (name)"),
                ImportError(line: 10, field: "Trusts (name)"),
            ])
        #expect(response.text.contains("already on line 2"))
        #expect(response.text.contains("\\\"Infant\\\" is not one of"))
        #expect(response.text.contains("has 3 fields where the header has 12"))
        #expect(response.json["detail"]?.string?.hasPrefix("7 lines") == true)
        #expect(try server.count("SELECT count(*) FROM schools") == 0)
        #expect(try server.count("SELECT count(*) FROM trusts") == 0)
        #expect(try server.count("SELECT count(*) FROM changes WHERE entity <> 'api_key'") == 0)
    }

    @Test func anUnterminatedQuoteIsReportedOnTheLineItStarts() throws {
        let server = try TestServer()
        defer { server.stop() }
        let file = GIASFile.file([GIASFile.row("100001"), GIASFile.row("12"), #"100003,"Ash Primary School,Community"#])
        let response = try server.importSchools(file)
        #expect(response.status == 422)
        #expect(response.importErrors == [ImportError(line: 3, field: "URN"), ImportError(line: 4, field: "")])
        #expect(response.text.contains("unterminated quoted field"))
        #expect(try server.count("SELECT count(*) FROM schools") == 0)
    }

    @Test func aMissingColumnIsReportedOnTheHeaderLine() throws {
        let server = try TestServer()
        defer { server.stop() }
        let file = "EstablishmentName,URN,LA (name)\r\nAsh,100001,Camden\r\n"
        let response = try server.importSchools(file)
        #expect(response.status == 422)
        #expect(response.importErrors.allSatisfy { $0.line == 1 })
        #expect(response.json["detail"]?.string == "1 line of the file has problems; nothing was imported.")
        #expect(
            Set(response.importErrors.map(\.field)) == [
                "TypeOfEstablishment (name)", "PhaseOfEducation (name)", "GOR (name)", "Trusts (code)",
                "Trusts (name)", "OfstedRating (name)", "NumberOfPupils", "Postcode",
            ])
        #expect(try server.importSchools("").importErrors == [ImportError(line: 1, field: "")])
    }

    @Test func readsABOMQuotedFieldsAndEitherLineEnding() throws {
        let server = try TestServer()
        defer { server.stop() }
        let rows = [
            GIASFile.row("100001", name: #""St Mary's, ""The Hill"" School""#),
            GIASFile.row("100002", name: "\"Two\nLine School\""),
            GIASFile.row("100003", phase: "Wrong"),
        ]
        for ending in ["\r\n", "\n"] {
            let file = "\u{FEFF}" + GIASFile.file(rows, lineEnding: ending)
            let response = try server.importSchools(file)
            // The second record spans lines 3 and 4, so the third starts on line 5.
            #expect(
                response.importErrors == [ImportError(line: 5, field: "PhaseOfEducation (name)")],
                "\(ending.utf8.count)")
        }
        let good = "\u{FEFF}" + GIASFile.file(Array(rows.prefix(2)), lineEnding: "\n")
        #expect(try server.importSchools(good).json["created"]?.int == 2)
        #expect(
            try server.request("GET", "/v1/schools/100001").json["name"]?.string == #"St Mary's, "The Hill" School"#)
        #expect(try server.request("GET", "/v1/schools/100002").json["name"]?.string == "Two\nLine School")
    }

    @Test func theImportTakesCSVFromAdminsOnly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let trust = try server.createTrust()
        let key = try RegisterFixture(server: server).key(.trust, scope: trust)
        let file = GIASFile.file([GIASFile.row("100001")])
        #expect(try server.importSchools(file, key: key).status == 403)
        let json = try server.request("POST", "/v1/schools/import", json: "{}")
        #expect(json.status == 415)
        #expect(try server.request("GET", "/v1/schools/import").status == 405)
    }

    @Test func theImportHasItsOwnLargerBodyLimit() throws {
        let server = try TestServer { configuration in
            configuration.maxBodyBytes = 200
            configuration.importMaxBodyBytes = 2_000
        }
        defer { server.stop() }
        let small = GIASFile.file((1...3).map { GIASFile.row(String(100000 + $0)) })
        #expect(small.utf8.count > 200)
        #expect(try server.importSchools(small).status == 200)
        let large = GIASFile.file((1...30).map { GIASFile.row(String(100000 + $0)) })
        #expect(large.utf8.count > 2_000)
        #expect(try server.importSchools(large).status == 413)
    }
}
