import JSON
import SPP
import TestSupport
import Testing

/// The rules a second reader found gaps in: what a state was entered with
/// stays, a reviewer's place stays with the school they came from, a visit
/// counts even if the review is cancelled later, and merge-patch findings.
@Suite struct ReviewRulesTests {
    /// A review of A at `visit_scheduled`, B's reviewer on the team.
    private func scheduled(_ f: ReviewFixture) throws -> Int {
        let id = try f.review()
        #expect(try f.team(id, f.reviewerB).status == 201)
        #expect(try f.patch(id, #"{"visitStart":"2026-11-16","visitEnd":"2026-11-16"}"#).status == 200)
        #expect(try f.patch(id, #"{"status":"self_review"}"#).status == 200)
        #expect(try f.patch(id, #"{"status":"visit_scheduled"}"#).status == 200)
        return id
    }

    @Test func whatAStateWasEnteredWithCannotBeTakenAway() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try scheduled(f)
        #expect(
            Set(try f.patch(id, #"{"visitStart":null,"visitEnd":null}"#).errorFields) == ["visitStart", "visitEnd"])
        let lastReviewer = try server.request(
            "DELETE", "/v1/reviews/\(id)/team/\(f.reviewerB)", headers: [("If-Match", #""9""#)])
        #expect(lastReviewer.status == 412)
        #expect(try server.request("DELETE", "/v1/reviews/\(id)/team/\(f.reviewerB)").errorFields == ["team"])

        // Findings may come with the move that allows them, and merge list by list.
        let visited = try f.patch(id, #"{"status":"visit_complete","findings":{"strengths":["Reading"]}}"#)
        #expect(visited.status == 200, "\(visited.text)")
        // Merge Patch `null` removes a list, which leaves it empty (it was a 422).
        let cleared = try f.patch(id, #"{"findings":{"strengths":null}}"#)
        #expect(cleared.status == 200 && cleared.json["findings"]?["strengths"]?.array == [], "\(cleared.text)")
        #expect(try f.patch(id, #"{"findings":{"strengths":["Reading"]}}"#).status == 200)
        let merged = try f.patch(id, #"{"findings":{"areasForDevelopment":["Maths"]},"status":"reported"}"#)
        #expect(merged.json["findings"]?["strengths"]?.array?.first?.string == "Reading")
        #expect(try f.patch(id, #"{"findings":{"strengths":[]}}"#).errorFields == ["findings.strengths"])
        #expect(try f.patch(id, #"{"findings":null}"#).errorFields == ["findings"])
        let stale = try server.request(
            "PATCH", "/v1/reviews/\(id)", json: #"{"focus":"Writing"}"#, headers: [("If-Match", #""1""#)])
        #expect(stale.status == 412)
    }

    @Test func aPlaceStaysWithTheSchoolTheReviewerCameFromAndAVisitCountsOnceMade() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try scheduled(f)
        #expect(try f.patch(id, #"{"status":"visit_complete"}"#).status == 200)
        #expect(try f.patch(id, #"{"status":"cancelled"}"#).status == 200)
        // B's reviewer moves to the host school afterwards.
        let moved = try server.request(
            "PATCH", "/v1/people/\(f.reviewerB)", json: #"{"schoolUrn":\#(ReviewFixture.a)}"#,
            headers: [("If-Match", #""1""#)])
        #expect(moved.status == 200, "\(moved.text)")

        let rows = try server.request("GET", "/v1/partnerships/\(f.partnership)/reciprocity").json["data"]?.array ?? []
        func row(_ urn: Int) -> JSONValue? { rows.first { $0["urn"]?.int == urn } }
        #expect(row(ReviewFixture.a)?["lastReviewedOn"]?.string == "2026-11-16", "visited, then cancelled")
        #expect(row(ReviewFixture.a)?["reviewsHosted"]?.int == 0, "a cancelled review is not counted")

        // A reviewer who moved to the host school cannot take the visit.
        let next = try f.review()
        let reviewerC = f.reviewerC
        #expect(try f.team(next, reviewerC).status == 201)
        let movedC = try server.request(
            "PATCH", "/v1/people/\(reviewerC)", json: #"{"schoolUrn":\#(ReviewFixture.a)}"#,
            headers: [("If-Match", #""1""#)])
        #expect(movedC.status == 200)
        #expect(try f.patch(next, #"{"visitStart":"2026-11-23","visitEnd":"2026-11-23"}"#).status == 200)
        #expect(try f.patch(next, #"{"status":"self_review"}"#).status == 200)
        #expect(try f.patch(next, #"{"status":"visit_scheduled"}"#).errorFields == ["team"])
    }

    @Test func aCompletedReviewsFindingsCanStillBeShared() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try scheduled(f)
        #expect(try f.patch(id, #"{"workshopFacilitatorId":\#(f.champion)}"#).status == 200)
        for body in [
            #"{"status":"visit_complete","findings":{"strengths":["A"],"areasForDevelopment":["B"]}}"#,
            #"{"status":"reported"}"#, #"{"status":"workshop_held"}"#,
        ] {
            #expect(try f.patch(id, body).status == 200, "\(body)")
        }
        #expect(try f.action(id).status == 201)
        #expect(try f.patch(id, #"{"status":"completed"}"#).status == 200)
        let shared = try f.patch(id, #"{"findingsShared":true}"#)
        #expect(shared.status == 200 && shared.json["findingsShared"]?.bool == true)
        #expect(try f.patch(id, #"{"findingsShared":false,"focus":"x"}"#).status == 409)
    }

    @Test func actionsNeedADueDateAndAnOwnerTheKeySees() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        let noDate = try server.request(
            "POST", "/v1/reviews/\(id)/actions", json: #"{"description":"x","ownerPersonId":\#(f.host)}"#)
        #expect(noDate.errorFields == ["dueOn"])
        let created = try f.action(id)
        let actionID = try #require(created.json["id"]?.int)
        let cleared = try server.request(
            "PATCH", "/v1/reviews/\(id)/actions/\(actionID)", json: #"{"dueOn":null}"#)
        #expect(cleared.errorFields == ["dueOn"])
        try f.register.school(100_009)
        let outsider = try f.register.person(school: 100_009, name: "Olly Outside")
        let own = try f.register.key(.partnership, scope: f.partnership)
        let byKey = try server.request(
            "POST", "/v1/reviews/\(id)/actions", key: own,
            json: #"{"description":"x","ownerPersonId":\#(outsider),"dueOn":"2027-01-01"}"#)
        #expect(byKey.errorFields == ["ownerPersonId"])
        let before = try server.request("GET", "/v1/reviews/\(id)").json["version"]?.int ?? 0
        #expect(
            try server.request("PATCH", "/v1/reviews/\(id)/actions/\(actionID)", json: #"{"status":"done"}"#).status
                == 200)
        #expect(try server.request("GET", "/v1/reviews/\(id)").json["version"]?.int == before + 1)
    }

    @Test func theFacilitatorIsACurrentChampionFromAMemberSchool() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        try f.register.school(100_009)
        let outsider = try f.register.person(school: 100_009, name: "Olly Outside")
        let lapsed = try f.register.person(school: ReviewFixture.b, name: "Lee Lapsed")
        try server.app.services.database.write { db in
            for person in [outsider, lapsed] {
                try db.run(
                    "INSERT INTO accreditations (person_id, course, completed_on, valid_until) VALUES (?, ?, ?, ?)",
                    [person, "improvement_champion", "2020-01-10", person == lapsed ? "2023-01-10" : "2028-01-10"])
            }
        }
        #expect(try f.patch(id, #"{"workshopFacilitatorId":\#(outsider)}"#).errorFields == ["workshopFacilitatorId"])
        #expect(try f.patch(id, #"{"workshopFacilitatorId":\#(lapsed)}"#).errorFields == ["workshopFacilitatorId"])
        #expect(try f.patch(id, #"{"workshopFacilitatorId":\#(f.host)}"#).errorFields.contains("workshopFacilitatorId"))
        #expect(try f.patch(id, #"{"workshopFacilitatorId":\#(f.champion)}"#).status == 200)
    }
}
