import JSON
import SPP
import TestSupport
import Testing

/// `GET /v1/changes`: what a dashboard polls, within its key's scope
/// (CONTRACT §3 "Changes feed", §2).
@Suite struct ChangeFeedTests {
    private struct Poll {
        var changes: [JSONValue]
        var nextSince: Int

        /// `entity:id:action` for each change, oldest first.
        var summary: [String] {
            changes.map { "\($0["entity"]?.string ?? "?"):\($0["id"]?.int ?? 0):\($0["action"]?.string ?? "?")" }
        }
    }

    private func poll(_ server: TestServer, key: String?? = .some(nil), _ query: String = "") throws -> Poll {
        let response = try server.request("GET", "/v1/changes" + query, key: key)
        try #require(response.status == 200, "\(response.text)")
        return Poll(
            changes: response.json["data"]?.array ?? [], nextSince: try #require(response.json["nextSince"]?.int))
    }

    private func newestSeq(_ server: TestServer) throws -> Int {
        try server.app.services.database.read { try $0.scalarInt("SELECT max(seq) FROM changes") } ?? 0
    }

    @Test func adminSeesEveryChangeOldestFirstAndPollsOnFromNextSince() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        let trust = try server.createTrust()
        try server.createSchool(100_001, extra: #""trustId":\#(trust)"#)
        let person = try fixture.person(school: 100_001)

        let first = try poll(server)
        #expect(
            first.summary == [
                "trust:\(trust):created", "school:100001:created", "trust:\(trust):updated",
                "person:\(person):created",
            ])
        let seqs = first.changes.compactMap { $0["seq"]?.int }
        #expect(seqs == seqs.sorted() && Set(seqs).count == 4)
        #expect(first.nextSince == seqs.last)
        let entry = try #require(first.changes.first)
        #expect(entry["at"]?.string == "2026-11-28T09:30:00Z")
        #expect(entry["keyId"] == nil && entry["path"] == nil, "the feed does not say who made a change")

        let quiet = try poll(server, "?since=\(first.nextSince)")
        #expect(quiet.changes.isEmpty && quiet.nextSince == first.nextSince)
        try server.createSchool(100_002)
        let next = try poll(server, "?since=\(first.nextSince)")
        #expect(next.summary == ["school:100002:created"])
    }

    @Test func aFullPageEndsAtItsLastChange() throws {
        let server = try TestServer()
        defer { server.stop() }
        for urn in 100_010...100_014 { try server.createSchool(urn) }
        let page = try poll(server, "?limit=2")
        #expect(page.summary == ["school:100010:created", "school:100011:created"])
        #expect(page.nextSince == page.changes.last?["seq"]?.int)
        let rest = try poll(server, "?since=\(page.nextSince)&limit=1000")
        #expect(rest.changes.count == 3)
        #expect(rest.nextSince == (try newestSeq(server)))
    }

    @Test func aPageHoldsAHundredChangesUnlessAskedOtherwise() throws {
        let server = try TestServer()
        defer { server.stop() }
        try server.app.services.database.write { db in
            for urn in 100_100..<100_205 {
                try ChangeLog.record(db, .school, id: urn, .created, by: .commandLine, at: server.clock.now())
            }
        }
        let page = try poll(server)
        #expect(page.changes.count == 100)
        #expect(page.nextSince == page.changes.last?["seq"]?.int)
        #expect(try poll(server, "?since=\(page.nextSince)").changes.count == 5)
    }

    @Test func aTrustKeySeesItsScopeAndMovesPastTheRest() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        let ours = try server.createTrust("Oak")
        let theirs = try server.createTrust("Elm")
        try server.createSchool(100_021, extra: #""trustId":\#(ours)"#)
        try server.createSchool(100_022, extra: #""trustId":\#(theirs)"#)
        let ourPerson = try fixture.person(school: 100_021, name: "Ann")
        try fixture.person(school: 100_022, name: "Bea")
        let session = try server.request(
            "POST", "/v1/training-sessions",
            json: #"{"course":"peer_reviewer","title":"Day 1","startsAt":"2026-12-01T09:00:00Z","#
                + #""endsAt":"2026-12-01T16:00:00Z","capacity":10}"#)
        try #require(session.status == 201, "\(session.text)")
        let sessionID = try #require(session.json["id"]?.int)
        try server.createSchool(100_023)  // no trust: nobody's but the admin's

        let seen = try poll(server, key: try fixture.key(.trust, scope: ours))
        #expect(
            seen.summary == [
                "trust:\(ours):created", "school:100021:created", "trust:\(ours):updated",
                "person:\(ourPerson):created", "training_session:\(sessionID):created",
            ])
        #expect(seen.nextSince == (try newestSeq(server)), "moves past what the key cannot see")
        let partnershipKey = try fixture.key(.partnership, scope: try fixture.partnership())
        let partnershipView = try poll(server, key: partnershipKey).summary
        #expect(partnershipView.allSatisfy { $0.hasPrefix("partnership:") || $0.hasPrefix("training_session:") })
    }

    @Test func aSchoolDeletedOrMovedAwayStillReachesItsFormerTrust() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        let ours = try server.createTrust("Oak")
        let theirs = try server.createTrust("Elm")
        let key = try fixture.key(.trust, scope: ours)
        try server.createSchool(100_031, extra: #""trustId":\#(ours)"#)
        try server.createSchool(100_032, extra: #""trustId":\#(ours)"#)
        let start = try poll(server, key: key).nextSince

        let moved = try server.request(
            "PATCH", "/v1/schools/100031", json: #"{"trustId":\#(theirs)}"#, headers: [("If-Match", #""1""#)])
        try #require(moved.status == 200, "\(moved.text)")
        let deleted = try server.request("DELETE", "/v1/schools/100032", headers: [("If-Match", #""1""#)])
        try #require(deleted.status == 204, "\(deleted.text)")
        let renamed = try server.request(
            "PATCH", "/v1/schools/100031", json: #"{"name":"Elm Primary"}"#, headers: [("If-Match", #""2""#)])
        try #require(renamed.status == 200, "\(renamed.text)")

        let after = try poll(server, key: key, "?since=\(start)")
        #expect(
            after.summary == [
                "school:100031:updated", "trust:\(ours):updated", "school:100032:deleted", "trust:\(ours):updated",
            ])
        let theirKey = try fixture.key(.trust, scope: theirs)
        let theirView = try poll(server, key: theirKey, "?since=\(start)").summary
        #expect(theirView.filter { $0.hasPrefix("school:") } == ["school:100031:updated", "school:100031:updated"])
    }

    /// A trust polling after its school is gone, or has moved to another
    /// trust, still learns the school's whole story while it was theirs: its
    /// creation and a grade change used to record no scope, and vanished from
    /// the feed with the school (found by a probe).
    @Test func aSchoolsEarlierChangesStillReachItsTrustOnceItIsGone() throws {
        let server = try TestServer()
        defer { server.stop() }
        let ours = try server.createTrust("Oak")
        let theirs = try server.createTrust("Elm")
        let key = try RegisterFixture(server: server).key(.trust, scope: ours)
        let start = try poll(server, key: key).nextSince
        try server.createSchool(100_051, extra: #""trustId":\#(ours)"#)
        try server.createSchool(100_052, extra: #""trustId":\#(ours)"#)
        let deleted = try server.request("DELETE", "/v1/schools/100051", headers: [("If-Match", #""1""#)])
        try #require(deleted.status == 204, "\(deleted.text)")
        let inspected = try server.request(
            "POST", "/v1/schools/100052/inspections",
            json: #"{"framework":"graded_pre_2024","inspectedOn":"2019-03-05","overallGrade":2}"#)
        try #require(inspected.status == 201, "\(inspected.text)")
        let moved = try server.request(
            "PATCH", "/v1/schools/100052", json: #"{"trustId":\#(theirs)}"#, headers: [("If-Match", #""2""#)])
        try #require(moved.status == 200, "\(moved.text)")

        let schoolChanges = try poll(server, key: key, "?since=\(start)").summary.filter { $0.hasPrefix("school:") }
        #expect(
            schoolChanges == [
                "school:100051:created", "school:100052:created", "school:100051:deleted", "school:100052:updated",
                "school:100052:updated",
            ])
    }

    @Test func aPersonWhoMovesSchoolStillReachesTheFormerScope() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        try fixture.trust(1)
        try fixture.trust(2)
        try fixture.school(100_041, trust: 1)
        try fixture.school(100_042, trust: 2)
        let formerKey = try fixture.key(.trust, scope: 1)
        let beforeCreation = try poll(server, key: formerKey).nextSince
        let person = try fixture.person(school: 100_041)
        let start = try poll(server, key: formerKey).nextSince

        let moved = try server.request(
            "PATCH", "/v1/people/\(person)", json: #"{"schoolUrn":100042}"#, headers: [("If-Match", #""1""#)])
        try #require(moved.status == 200, "\(moved.text)")
        let renamed = try server.request(
            "PATCH", "/v1/people/\(person)", json: #"{"name":"Ada King"}"#, headers: [("If-Match", #""2""#)])
        try #require(renamed.status == 200, "\(renamed.text)")

        #expect(try poll(server, key: formerKey, "?since=\(start)").summary == ["person:\(person):updated"])
        // The creation, recorded with its school, still reaches the trust the person has left.
        #expect(
            try poll(server, key: formerKey, "?since=\(beforeCreation)").summary.filter { $0.hasPrefix("person:") } == [
                "person:\(person):created", "person:\(person):updated",
            ])
        let newKey = try fixture.key(.trust, scope: 2)
        #expect(
            try poll(server, key: newKey, "?since=\(start)").summary == [
                "person:\(person):updated", "person:\(person):updated",
            ])
    }

    @Test func aPartnershipKeySeesSchoolsJoinAndLeave() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        try fixture.schools([100_051, 100_052])
        let partnership = try fixture.partnership()
        let other = try fixture.partnership("Calder")
        let key = try fixture.key(.partnership, scope: partnership)
        let start = try poll(server, key: key).nextSince
        try fixture.join(partnership, [100_051, 100_052])
        try fixture.join(other, [100_052])
        try fixture.leave(partnership, 100_051)

        // Only its own partnership's memberships: not the one its member school
        // also has elsewhere, which its members list would not show either.
        let seen = try poll(server, key: key, "?since=\(start)").summary
        #expect(seen.filter { $0.hasPrefix("membership:") }.map { $0.hasSuffix(":created") } == [true, true, false])
        #expect(!seen.contains("partnership:\(other):updated"))
    }

    @Test func aTrustKeySeesItsOwnSchoolsMembershipsAndItsPartnersPeople() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        try fixture.trust(1)
        try fixture.schools([100_071, 100_074], trust: 1)
        try fixture.schools([100_072, 100_073])
        let partnership = try fixture.partnership()
        let elsewhere = try fixture.partnership("Calder")
        try fixture.join(partnership, [100_071, 100_072])
        try fixture.join(elsewhere, [100_073, 100_074])
        let partner = try fixture.person(school: 100_072, name: "Cy")
        let stranger = try fixture.person(school: 100_073, name: "Di")
        // The trust's school leaves Calder: the trust no longer sees Calder,
        // but its own school's leaving is still its news.
        try fixture.leave(elsewhere, 100_074)

        let seen = try poll(server, key: try fixture.key(.trust, scope: 1)).summary
        #expect(seen.contains("person:\(partner):created"), "a partner school's people are in a trust's scope")
        #expect(!seen.contains("person:\(stranger):created"))
        let memberships = seen.filter { $0.hasPrefix("membership:") }
        #expect(memberships.map { $0.hasSuffix(":created") } == [true, true, true, false])
    }

    @Test func bookingsReachTheirPersonsScopeAndSessionsEveryKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        try fixture.trust(1)
        try fixture.trust(2)
        try fixture.school(100_081, trust: 1)
        try fixture.school(100_082, trust: 2)
        let ours = try fixture.person(school: 100_081, roles: ["peer_reviewer"], name: "Ann")
        let theirs = try fixture.person(school: 100_082, roles: ["peer_reviewer"], name: "Bea")
        let created = try server.request(
            "POST", "/v1/training-sessions",
            json: #"{"course":"peer_reviewer","title":"Day 1","startsAt":"2026-12-01T09:00:00Z","#
                + #""endsAt":"2026-12-01T16:00:00Z","capacity":10}"#)
        let session = try #require(created.json["id"]?.int)
        var bookings: [Int] = []
        for person in [ours, theirs] {
            let booked = try server.request(
                "POST", "/v1/training-sessions/\(session)/bookings", json: #"{"personId":\#(person)}"#)
            try #require(booked.status == 201, "\(booked.text)")
            bookings.append(try #require(booked.json["id"]?.int))
        }

        for (trust, own, other) in [(1, bookings[0], bookings[1]), (2, bookings[1], bookings[0])] {
            let seen = try poll(server, key: try fixture.key(.trust, scope: trust)).summary
            #expect(seen.contains("booking:\(own):created"))
            #expect(!seen.contains("booking:\(other):created"))
            #expect(seen.contains("training_session:\(session):created"))
        }
    }

    @Test func aGIASImportThatMovesASchoolReachesTheTrustItLeft() throws {
        let server = try TestServer()
        defer { server.stop() }
        let fixture = RegisterFixture(server: server)
        let first = try server.importSchools(
            GIASFile.file([GIASFile.row("100091", trustCode: "16514", trustName: "Oak Learning Trust")]))
        try #require(first.status == 200, "\(first.text)")
        let oak = try #require(server.request("GET", "/v1/schools/100091").json["trustId"]?.int)
        let key = try fixture.key(.trust, scope: oak)
        let start = try poll(server, key: key).nextSince

        let moved = try server.importSchools(
            GIASFile.file([GIASFile.row("100091", trustCode: "20001", trustName: "Elm Trust")]))
        try #require(moved.status == 200, "\(moved.text)")
        #expect(
            try poll(server, key: key, "?since=\(start)").summary == [
                "school:100091:updated", "trust:\(oak):updated",
            ])
    }

    @Test func badParametersAreOne422AndAKeyIsNeeded() throws {
        let server = try TestServer()
        defer { server.stop() }
        let bad = try server.request("GET", "/v1/changes?since=-1&limit=1001")
        #expect(bad.status == 422)
        #expect(Set(bad.errorFields) == ["since", "limit"])
        #expect(try server.request("GET", "/v1/changes?limit=0").status == 422)
        #expect(try server.request("GET", "/v1/changes", key: nil).status == 401)
    }

    @Test func csvHoldsEveryChangeAfterSince() throws {
        let server = try TestServer()
        defer { server.stop() }
        for urn in 100_060...100_062 { try server.createSchool(urn) }
        let first = try poll(server, "?limit=1")
        let response = try server.request(
            "GET", "/v1/changes?since=\(first.nextSince)&limit=1", headers: [("Accept", "text/csv")])
        #expect(response.status == 200)
        let lines = response.text.split(separator: "\r\n")
        #expect(lines.first == "seq,entity,id,action,at")
        #expect(lines.dropFirst().map { $0.split(separator: ",")[2] } == ["100061", "100062"])
    }
}
