import SPP
import TestSupport
import Testing

@Suite struct AttendanceTests {
    @Test func attendanceIsRecordedOnlyOnceTheSessionHasStarted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(startsAt: "2026-12-10T09:00:00Z", endsAt: "2026-12-10T16:00:00Z")
        let booking = try training.booked(session, try training.people(1)[0])
        let early = try training.attendance(booking, "attended")
        #expect(early.status == 409)
        server.clock.set("2026-12-10T09:00:00Z")
        let response = try training.attendance(booking, "attended")
        #expect(response.status == 200)
        #expect(response.json["status"]?.string == "attended")
        #expect(response.header("ETag") == "\"2\"")
        #expect(try training.attendance(booking, "no_show").status == 409)
    }

    /// A session held (attendance recorded) was once cancelled afterwards,
    /// its attended bookings and the accreditations they gave left standing.
    /// A no-show is attendance recorded too.
    /// One that started but was never held can still be recorded as cancelled.
    @Test func aSessionWithAttendanceCannotBeCancelled() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let people = try training.people(3)
        let held = try training.session(capacity: 2)
        let calledOff = try training.session(capacity: 2)
        let heldBookings = [try training.booked(held, people[0]), try training.booked(held, people[1])]
        let calledOffBookings = [try training.booked(calledOff, people[2])]
        training.startSessions()
        #expect(try training.attendance(heldBookings[0], "no_show").status == 200)
        let refused = try server.request("PATCH", "/v1/training-sessions/\(held)", json: #"{"status":"cancelled"}"#)
        #expect(refused.status == 409)
        #expect(try training.sessionJSON(held)["status"]?.string == "scheduled")
        #expect(try training.status(heldBookings[1]) == "confirmed")
        let cancelled = try server.request(
            "PATCH", "/v1/training-sessions/\(calledOff)", json: #"{"status":"cancelled"}"#)
        #expect(cancelled.status == 200)
        #expect(try training.status(calledOffBookings[0]) == "cancelled")
    }

    /// Raising the capacity of a session under way once confirmed its
    /// waitlist, who could then be marked attended for a session they never had a place at.
    @Test func theWaitlistIsNotServedOnceTheSessionHasStarted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (session, bookings) = try training.session(capacity: 1, bookedBy: 2)
        #expect(try training.status(bookings[1]) == "waitlisted")
        training.startSessions()
        let raised = try server.request("PATCH", "/v1/training-sessions/\(session)", json: #"{"capacity":2}"#)
        #expect(raised.status == 200)
        #expect(try training.status(bookings[1]) == "waitlisted")
        #expect(try training.attendance(bookings[1], "attended").status == 409)
    }

    @Test func attendingTheInitialCourseGrantsThreeYearsShownOnThePerson() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(
            course: "improvement_champion", startsAt: "2026-12-10T09:00:00Z", endsAt: "2026-12-10T16:00:00Z")
        let person = try training.people(1)[0]
        let booking = try training.booked(session, person)
        server.clock.set("2026-12-11T08:00:00Z")
        #expect(try training.attendance(booking, "attended").status == 200)
        let shown = try server.request("GET", "/v1/people/\(person)")
        #expect(shown.json["accreditations"]?[0]?["course"]?.string == "improvement_champion")
        #expect(shown.json["accreditations"]?[0]?["completedOn"]?.string == "2026-12-10")
        #expect(shown.json["accreditations"]?[0]?["validUntil"]?.string == "2029-12-10")
        #expect(shown.header("ETag") == "\"2\"")  // the person changed, so cached copies must not match
    }

    @Test func attendingARefresherExtendsFromItsDate() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let person = try training.people(1)[0]
        try training.accredit(person, "peer_reviewer", completedOn: "2024-01-15", validUntil: "2027-01-15")
        let refresher = try training.session(
            course: "peer_reviewer_refresher", startsAt: "2026-12-10T09:00:00Z", endsAt: "2026-12-10T12:00:00Z")
        let booking = try training.booked(refresher, person)
        server.clock.set("2026-12-10T12:00:00Z")
        #expect(try training.attendance(booking, "attended").status == 200)
        let accreditation = try server.request("GET", "/v1/people/\(person)").json["accreditations"]?[0]
        #expect(accreditation?["completedOn"]?.string == "2024-01-15")
        #expect(accreditation?["validUntil"]?.string == "2029-12-10")
    }

    @Test func noShowGrantsNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let person = try training.people(1)[0]
        let booking = try training.booked(session, person)
        training.startSessions()
        let response = try training.attendance(booking, "no_show")
        #expect(response.json["status"]?.string == "no_show")
        #expect(try server.request("GET", "/v1/people/\(person)").json["accreditations"]?.array?.isEmpty == true)
    }

    @Test func onlyConfirmedBookingsTakeAttendanceAndOnlyAsAttendedOrNoShow() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (_, bookings) = try training.session(capacity: 1, bookedBy: 2)
        training.startSessions()
        let waitlisted = try training.attendance(bookings[1], "attended")
        #expect(waitlisted.status == 409)
        let invalid = try server.request(
            "PATCH", "/v1/bookings/\(bookings[0])", json: #"{"status":"cancelled","note":1}"#)
        #expect(invalid.status == 422)
        #expect(Set(invalid.errorFields) == ["status", "note"])
        let stale = try training.attendance(bookings[0], "attended", headers: [("If-Match", "\"9\"")])
        #expect(stale.status == 412)
        let empty = try server.request("PATCH", "/v1/bookings/\(bookings[0])", json: "{}")
        #expect(empty.status == 200)
        #expect(empty.json["status"]?.string == "confirmed")
        #expect(try server.request("PATCH", "/v1/bookings/9999", json: #"{"status":"attended"}"#).status == 404)
    }
}
