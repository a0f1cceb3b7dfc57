import SPP
import TestSupport
import Testing

@Suite struct BookingTests {
    @Test func bookingsAreConfirmedWhilePlacesAreLeftThenWaitlistedInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 2)
        let people = try training.people(4)
        let responses = try people.map { try training.book(session, $0) }
        #expect(responses.map(\.status) == [201, 201, 201, 201])
        #expect(responses.map { $0.json["status"]?.string } == ["confirmed", "confirmed", "waitlisted", "waitlisted"])
        #expect(responses.map { $0.json["waitlistPosition"]?.int } == [nil, nil, 1, 2])
        let first = responses[0]
        let id = try #require(first.json["id"]?.int)
        #expect(first.header("Location") == "/v1/bookings/\(id)")
        #expect(first.header("ETag") == "\"1\"")
        #expect(first.json["sessionId"]?.int == session)
        #expect(first.json["personId"]?.int == people[0])
        #expect(try server.request("GET", "/v1/bookings/\(id)").json == first.json)
        let sessionNow = try training.sessionJSON(session)
        #expect(sessionNow["placesLeft"]?.int == 0)
        #expect(sessionNow["waitlistLength"]?.int == 2)
        #expect(sessionNow["version"]?.int == 5)
    }

    @Test func secondActiveBookingBySamePersonIs409ButRebookingAfterCancellingWorks() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 1)
        let people = try training.people(2)
        let first = try training.booked(session, people[0])
        #expect(try training.book(session, people[0]).status == 409)
        try training.booked(session, people[1])
        #expect(try training.book(session, people[1]).status == 409)  // waitlisted is active too
        #expect(try training.cancel(first).status == 200)
        let again = try training.book(session, people[0])
        #expect(again.status == 201)
        #expect(again.json["status"]?.string == "waitlisted")
    }

    @Test func startedSessionTakesNoBookings() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(startsAt: "2026-12-10T09:00:00Z", endsAt: "2026-12-10T16:00:00Z")
        let person = try training.people(1)[0]
        server.clock.set("2026-12-10T09:00:00Z")
        let response = try training.book(session, person)
        #expect(response.status == 409)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func refresherNeedsTheInitialCourseOfItsKind() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let refresher = try training.session(course: "peer_reviewer_refresher")
        let people = try training.people(2)
        try training.accredit(people[0], "improvement_champion")
        let wrongKind = try training.book(refresher, people[0])
        #expect(wrongKind.status == 422)
        #expect(wrongKind.errorFields == ["personId"])
        // An expired accreditation still counts as a completed initial course.
        try training.accredit(people[1], "peer_reviewer", completedOn: "2020-01-10", validUntil: "2023-01-10")
        #expect(try training.book(refresher, people[1]).status == 201)
    }

    @Test func personMustExistAndTheBodyIsChecked() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let unknown = try training.book(session, 4242)
        #expect(unknown.status == 422)
        #expect(unknown.errorFields == ["personId"])
        let bad = try server.request(
            "POST", "/v1/training-sessions/\(session)/bookings", json: #"{"personId":"one","status":"confirmed"}"#)
        #expect(Set(bad.errorFields) == ["personId", "status"])
        let missing = try server.request("POST", "/v1/training-sessions/\(session)/bookings", json: "{}")
        #expect(missing.errorFields == ["personId"])
        let text = try server.request(
            "POST", "/v1/training-sessions/\(session)/bookings", json: "personId=1",
            headers: [("Content-Type", "text/plain")])
        #expect(text.status == 415)
        let count = try server.app.services.database.read { db in try db.scalarInt("SELECT count(*) FROM bookings") }
        #expect(count == 0)
    }

    @Test func sessionBookingsAreListedByIdWithTheirPositions() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 1)
        let other = try training.session(capacity: 1)
        let people = try training.people(3)
        for person in people { try training.booked(session, person) }
        try training.booked(other, people[0])
        let page = try server.request("GET", "/v1/training-sessions/\(session)/bookings?limit=2")
        #expect(page.json["data"]?.array?.compactMap { $0["personId"]?.int } == Array(people.prefix(2)))
        let next = try #require(page.json["nextCursor"]?.string)
        let rest = try server.request("GET", "/v1/training-sessions/\(session)/bookings?limit=2&cursor=\(next)")
        #expect(rest.json["data"]?[0]?["waitlistPosition"]?.int == 2)
        #expect(rest.json["nextCursor"] == .null)
    }
}
