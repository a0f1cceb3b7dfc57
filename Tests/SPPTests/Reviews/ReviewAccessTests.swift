import JSON
import SPP
import TestSupport
import Testing

/// Who sees and runs reviews (CONTRACT §2), the host's findings, the
/// actions, reciprocity, and the changes feed.
@Suite struct ReviewAccessTests {
    @Test func thePartnershipRunsItsReviewsAndATrustSeesFindingsOnlyOnceShared() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let own = try f.register.key(.partnership, scope: f.partnership)
        let other = try f.register.key(.partnership, scope: try f.register.partnership("Calder"))
        let trust = try f.register.key(.trust, scope: 1)
        let created = try server.request(
            "POST", "/v1/reviews", key: own,
            json: #"{"partnershipId":\#(f.partnership),"hostUrn":\#(ReviewFixture.a)}"#)
        #expect(created.status == 201)
        let id = try #require(created.json["id"]?.int)
        #expect(try f.team(id, f.reviewerB, key: own).status == 201)
        let refused = try server.request(
            "POST", "/v1/reviews", key: trust,
            json: #"{"partnershipId":\#(f.partnership),"hostUrn":\#(ReviewFixture.a)}"#)
        #expect(refused.status == 403)
        #expect(try f.patch(id, #"{"focus":"Maths"}"#, key: trust).status == 403)
        #expect(try server.request("GET", "/v1/reviews/\(id)", key: other).status == 404)
        #expect(try f.patch(id, #"{"focus":"Maths"}"#, key: other).status == 404)
        #expect(try server.request("GET", "/v1/reviews", key: other).json["data"]?.array?.isEmpty == true)
        #expect(try server.request("GET", "/v1/reviews", key: nil).status == 401)

        #expect(try f.patch(id, #"{"visitStart":"2026-11-10","visitEnd":"2026-11-10"}"#, key: own).status == 200)
        for step in ["self_review", "visit_scheduled", "visit_complete"] {
            #expect(try f.patch(id, #"{"status":"\#(step)"}"#, key: own).status == 200, "\(step)")
        }
        #expect(
            try f.patch(id, #"{"findings":{"strengths":["Reading"],"areasForDevelopment":["Maths"]}}"#).status == 200)
        #expect(try server.request("GET", "/v1/reviews/\(id)", key: trust).json["findings"] == .null)
        #expect(try server.request("GET", "/v1/reviews", key: trust).json["data"]?.array?.first?["findings"] == .null)
        #expect(try server.request("GET", "/v1/reviews/\(id)", key: own).json["findings"]?["strengths"] != nil)
        #expect(try f.patch(id, #"{"findingsShared":true}"#, key: own).status == 200)
        let shared = try server.request("GET", "/v1/reviews/\(id)", key: trust).json
        #expect(shared["findings"]?["areasForDevelopment"]?.array?.first?.string == "Maths")
    }

    @Test func actionsAreKeptWithTheirReview() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        let created = try f.action(id)
        #expect(created.status == 201 && created.json["status"]?.string == "open")
        let actionID = try #require(created.json["id"]?.int)
        #expect(created.header("Location") == "/v1/reviews/\(id)/actions/\(actionID)")
        let bad = try server.request(
            "POST", "/v1/reviews/\(id)/actions", json: #"{"description":"","dueOn":"soon","priority":1}"#)
        #expect(Set(bad.errorFields) == ["description", "ownerPersonId", "dueOn", "priority"])
        #expect(try f.action(id, owner: 999).errorFields == ["ownerPersonId"])
        let stale = try server.request(
            "PATCH", "/v1/reviews/\(id)/actions/\(actionID)", json: #"{"status":"done"}"#,
            headers: [("If-Match", #""9""#)])
        #expect(stale.status == 412)
        let done = try server.request(
            "PATCH", "/v1/reviews/\(id)/actions/\(actionID)", json: #"{"status":"done"}"#,
            headers: [("If-Match", #""1""#)])
        #expect(done.status == 200 && done.json["status"]?.string == "done" && done.json["version"]?.int == 2)
        #expect(try server.request("GET", "/v1/reviews/\(id)/actions").json["data"]?.array?.count == 1)
        #expect(try server.request("PATCH", "/v1/reviews/\(id)/actions/999", json: "{}").status == 404)
        let trust = try f.register.key(.trust, scope: 1)
        #expect(try server.request("GET", "/v1/reviews/\(id)/actions", key: trust).status == 200)
        let byTrust = try server.request(
            "POST", "/v1/reviews/\(id)/actions", key: trust,
            json: #"{"description":"x","ownerPersonId":\#(f.host),"dueOn":"2027-03-01"}"#)
        #expect(byTrust.status == 403)
    }

    @Test func reciprocityShowsWhoHostsAndWhoGives() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        // A hosts twice (B reviews both times; C once); C hosts once (B reviews).
        for (host, team) in [(ReviewFixture.a, [f.reviewerB, f.reviewerC]), (ReviewFixture.a, [f.reviewerB])] {
            let created = try server.request(
                "POST", "/v1/reviews", json: #"{"partnershipId":\#(f.partnership),"hostUrn":\#(host)}"#)
            let id = try #require(created.json["id"]?.int)
            for person in team { #expect(try f.team(id, person).status == 201) }
            #expect(try f.patch(id, #"{"visitStart":"2026-10-05","visitEnd":"2026-10-06"}"#).status == 200)
        }
        let cancelled = try f.review()
        #expect(
            try f.patch(cancelled, #"{"visitStart":"2026-10-05","visitEnd":"2026-10-05","status":"cancelled"}"#).status
                == 200)
        let created = try server.request(
            "POST", "/v1/reviews", json: #"{"partnershipId":\#(f.partnership),"hostUrn":\#(ReviewFixture.c)}"#)
        let cID = try #require(created.json["id"]?.int)
        #expect(try f.team(cID, f.reviewerB).status == 201)
        #expect(try f.patch(cID, #"{"visitStart":"2026-11-02","visitEnd":"2026-11-02"}"#).status == 200)
        for step in ["self_review", "visit_scheduled", "visit_complete"] {
            #expect(try f.patch(cID, #"{"status":"\#(step)"}"#).status == 200)
        }

        let rows = try server.request("GET", "/v1/partnerships/\(f.partnership)/reciprocity").json["data"]?.array ?? []
        func row(_ urn: Int) -> JSONValue? { rows.first { $0["urn"]?.int == urn } }
        #expect(
            row(ReviewFixture.a)?["reviewsHosted"]?.int == 2 && row(ReviewFixture.a)?["reviewerPlacesGiven"]?.int == 0)
        #expect(row(ReviewFixture.a)?["onlyReceives"]?.bool == true && row(ReviewFixture.a)?["balance"]?.int == -2)
        #expect(row(ReviewFixture.b)?["reviewerPlacesGiven"]?.int == 3 && row(ReviewFixture.b)?["balance"]?.int == 3)
        #expect(
            row(ReviewFixture.c)?["reviewsHosted"]?.int == 1 && row(ReviewFixture.c)?["reviewerPlacesGiven"]?.int == 1)
        #expect(row(ReviewFixture.c)?["lastReviewedOn"]?.string == "2026-11-02")
        #expect(row(ReviewFixture.c)?["reviewOverdue"]?.bool == false)
        #expect(
            row(ReviewFixture.a)?["lastReviewedOn"] == .null && row(ReviewFixture.a)?["reviewOverdue"]?.bool == true)
        let november = try server.request(
            "GET", "/v1/partnerships/\(f.partnership)/reciprocity?from=2026-11-01&to=2026-11-30"
        ).json["data"]?.array
        #expect(november?.first { $0["urn"]?.int == ReviewFixture.a }?["reviewsHosted"]?.int == 0)
        #expect(november?.first { $0["urn"]?.int == ReviewFixture.c }?["reviewsHosted"]?.int == 1)
        #expect(november?.first { $0["urn"]?.int == ReviewFixture.b }?["reviewerPlacesGiven"]?.int == 1)
        let other = try f.register.key(.partnership, scope: try f.register.partnership("Calder"))
        #expect(try server.request("GET", "/v1/partnerships/\(f.partnership)/reciprocity", key: other).status == 404)
    }

    @Test func reciprocityAnswersCSVWithTheSameRows() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        #expect(try f.team(id, f.reviewerB).status == 201)
        #expect(try f.patch(id, #"{"visitStart":"2026-10-05","visitEnd":"2026-10-06"}"#).status == 200)

        let path = "/v1/partnerships/\(f.partnership)/reciprocity"
        let response = try server.request("GET", path, headers: [("Accept", "text/csv")])
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/csv") == true)
        let lines = response.text.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(
            lines.first
                == "urn,name,reviewsHosted,reviewerPlacesGiven,balance,onlyReceives,lastReviewedOn,reviewOverdue")
        let json = try server.request("GET", path).json["data"]?.array ?? []
        #expect(lines.count == json.count + 2 && lines.last == "")
        let cells = lines.dropFirst().dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(cells.map { $0[0] } == json.map { "\($0["urn"]?.int ?? 0)"[...] })
        #expect(cells.first { $0[0] == "\(ReviewFixture.a)" }?[2...] == ["1", "0", "-1", "true", "", "true"])
        #expect(cells.first { $0[0] == "\(ReviewFixture.b)" }?[2...] == ["0", "1", "1", "false", "", "true"])
    }

    @Test func theChangesFeedCarriesReviewsAndActionsToThePartnership() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        #expect(try f.action(id).status == 201)
        func seen(_ key: String) throws -> [String] {
            try server.request("GET", "/v1/changes", key: key).json["data"]?.array?.compactMap {
                let entity = $0["entity"]?.string ?? ""
                return entity == "review" || entity == "action" ? "\(entity):\($0["action"]?.string ?? "")" : nil
            } ?? []
        }
        let own = try f.register.key(.partnership, scope: f.partnership)
        #expect(try seen(own) == ["review:created", "action:created", "review:updated"])
        let other = try f.register.key(.partnership, scope: try f.register.partnership("Calder"))
        #expect(try seen(other).isEmpty)
    }
}
