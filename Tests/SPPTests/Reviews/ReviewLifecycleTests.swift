import JSON
import SPP
import TestSupport
import Testing

/// A review's lifecycle: one step at a time, each with what it needs
/// (CONTRACT §3 "Peer reviews").
@Suite struct ReviewLifecycleTests {
    @Test func aReviewMovesStepByStepAndEachStepNeedsItsPreconditions() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        let created = try server.request("GET", "/v1/reviews/\(id)").json
        #expect(created["status"]?.string == "planned" && created["team"]?.array?.isEmpty == true)
        #expect(created["findings"]?["strengths"]?.array?.isEmpty == true && created["findingsShared"]?.bool == false)

        let skip = try f.patch(id, #"{"status":"visit_scheduled"}"#)
        #expect(skip.status == 409)
        #expect(skip.json["detail"]?.string?.contains("self_review, cancelled") == true, "\(skip.text)")
        #expect(try f.patch(id, #"{"status":"self_review"}"#).status == 200)

        let unready = try f.patch(id, #"{"status":"visit_scheduled"}"#)
        #expect(unready.status == 422)
        #expect(Set(unready.errorFields) == ["visitStart", "visitEnd", "team"])
        #expect(try f.patch(id, #"{"visitStart":"2026-11-16","visitEnd":"2026-11-18"}"#).errorFields == ["visitEnd"])
        #expect(try f.patch(id, #"{"visitStart":"2026-11-16","visitEnd":"2026-11-17"}"#).status == 200)
        #expect(try f.team(id, f.reviewerB, "lead_reviewer").status == 201)
        #expect(try f.patch(id, #"{"workshopFacilitatorId":\#(f.champion)}"#).status == 200)
        #expect(
            try f.patch(id, #"{"findings":{"strengths":["Phonics"],"areasForDevelopment":["Maths"]}}"#).status == 409)
        #expect(try f.patch(id, #"{"status":"visit_scheduled"}"#).status == 200)
        #expect(try f.patch(id, #"{"status":"visit_complete"}"#).status == 200)

        #expect(try f.team(id, f.reviewerC).status == 409, "the team is fixed once the visit took place")
        #expect(try f.patch(id, #"{"visitEnd":"2026-11-16"}"#).status == 409)
        #expect(try f.patch(id, #"{"findings":{"strengths":["Phonics"],"areasForDevelopment":[]}}"#).status == 200)
        let unreported = try f.patch(id, #"{"status":"reported"}"#)
        #expect(unreported.status == 422 && unreported.errorFields == ["findings.areasForDevelopment"])
        #expect(
            try f.patch(
                id, #"{"findings":{"strengths":["Phonics"],"areasForDevelopment":["Maths"]},"status":"reported"}"#
            )
            .status == 200)
        #expect(try f.patch(id, #"{"status":"workshop_held"}"#).status == 200)

        let incomplete = try f.patch(id, #"{"status":"completed"}"#)
        #expect(incomplete.status == 422 && incomplete.errorFields == ["actions"])
        #expect(try f.action(id).status == 201)
        let done = try f.patch(id, #"{"status":"completed"}"#)
        #expect(done.status == 200 && done.json["status"]?.string == "completed")
        #expect(try f.patch(id, #"{"status":"cancelled"}"#).status == 409)
        #expect(try f.patch(id, #"{"focus":"Writing"}"#).status == 409)
    }

    /// A probe marked a January visit complete in November: reciprocity then
    /// showed a last review in the future. The visit must have ended first.
    @Test func aVisitIsCompleteOnlyOnceItHasEnded() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        #expect(try f.team(id, f.reviewerB).status == 201)
        #expect(try f.patch(id, #"{"visitStart":"2026-12-07","visitEnd":"2026-12-08"}"#).status == 200)
        for step in ["self_review", "visit_scheduled"] {
            #expect(try f.patch(id, #"{"status":"\#(step)"}"#).status == 200)
        }
        server.clock.set("2026-12-07T16:00:00Z")
        let early = try f.patch(id, #"{"status":"visit_complete"}"#)
        #expect(early.status == 422 && early.errorFields == ["visitEnd"])
        server.clock.set("2026-12-08T16:00:00Z")
        #expect(try f.patch(id, #"{"status":"visit_complete"}"#).status == 200)
    }

    @Test func aReviewCanBeCancelledBeforeItIsCompletedAndNeverGraded() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        #expect(try f.patch(id, #"{"status":"cancelled"}"#).status == 200)
        #expect(try f.patch(id, #"{"status":"planned"}"#).status == 409)
        let graded = try server.request(
            "POST", "/v1/reviews",
            json: #"{"partnershipId":\#(f.partnership),"hostUrn":\#(ReviewFixture.a),"grade":"good"}"#)
        #expect(graded.status == 422 && graded.errorFields == ["grade"])
        let other = try f.review()
        #expect(try f.patch(other, #"{"overallJudgement":"strong"}"#).errorFields == ["overallJudgement"])
        let outsider = try server.request(
            "POST", "/v1/reviews", json: #"{"partnershipId":\#(f.partnership),"hostUrn":100009}"#)
        #expect(outsider.status == 422 && outsider.errorFields == ["hostUrn"])
    }

    @Test func theTeamComesFromOtherMemberSchoolsAndHoldsAccreditation() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        #expect(try f.team(id, f.host).errorFields == ["personId"], "never the host school")
        #expect(try f.team(id, f.untrained).errorFields == ["personId"], "no peer_reviewer accreditation")
        #expect(try f.team(id, f.reviewerB, "lead_reviewer").status == 201)
        #expect(try f.team(id, f.reviewerB, "lead_reviewer").status == 200)
        #expect(try f.team(id, f.reviewerC, "lead_reviewer").status == 409, "at most one lead reviewer")
        #expect(try f.team(id, f.reviewerC).status == 201)
        // A visit after the accreditations lapse is refused with the team that holds them.
        #expect(
            try f.patch(id, #"{"visitStart":"2028-02-01","visitEnd":"2028-02-01"}"#).errorFields.contains("visitStart"))
        // The facilitator: an improvement champion from another member school, not on the team.
        #expect(
            try f.patch(id, #"{"workshopFacilitatorId":\#(f.reviewerC)}"#).errorFields == [
                "workshopFacilitatorId", "workshopFacilitatorId",
            ])
        #expect(try f.patch(id, #"{"workshopFacilitatorId":\#(f.champion)}"#).status == 200)
        #expect(try f.team(id, f.champion).errorFields == ["personId"], "the facilitator cannot join the team")
        #expect(try server.request("DELETE", "/v1/reviews/\(id)/team/\(f.reviewerC)").status == 204)
        #expect(try server.request("DELETE", "/v1/reviews/\(id)/team/\(f.reviewerC)").status == 404)
        let team = try server.request("GET", "/v1/reviews/\(id)").json["team"]?.array ?? []
        #expect(team.map { $0["personId"]?.int } == [f.reviewerB] && team.first?["role"]?.string == "lead_reviewer")
    }
}
