import SPP
import TestSupport
import Testing

@Suite struct SessionPatchTests {
    @Test func raisingCapacityPromotesWaitlistedBookingsInArrivalOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 1)
        let people = try training.people(4)
        let bookings = try people.map { try training.booked(session, $0) }
        #expect(
            try bookings.map { try training.status($0) } == ["confirmed", "waitlisted", "waitlisted", "waitlisted"])

        let response = try server.request("PATCH", "/v1/training-sessions/\(session)", json: #"{"capacity":3}"#)
        #expect(response.status == 200)
        #expect(response.json["capacity"]?.int == 3)
        #expect(response.json["placesLeft"]?.int == 0)
        #expect(response.json["waitlistLength"]?.int == 1)
        #expect(try bookings.map { try training.status($0) } == ["confirmed", "confirmed", "confirmed", "waitlisted"])
        #expect(try training.booking(bookings[3])["waitlistPosition"]?.int == 1)
        #expect(try training.booking(bookings[1])["waitlistPosition"] == .null)
        #expect(try training.booking(bookings[1])["version"]?.int == 2)
    }

    @Test func loweringCapacityBelowTakenPlacesIs409AndToThemIsAllowed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 5)
        for person in try training.people(3) { try training.booked(session, person) }
        let below = try server.request("PATCH", "/v1/training-sessions/\(session)", json: #"{"capacity":2}"#)
        #expect(below.status == 409)
        #expect(try training.sessionJSON(session)["capacity"]?.int == 5)
        let exact = try server.request("PATCH", "/v1/training-sessions/\(session)", json: #"{"capacity":3}"#)
        #expect(exact.status == 200)
        #expect(exact.json["placesLeft"]?.int == 0)
    }

    @Test func cancellingTheSessionCancelsEveryBooking() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 1)
        let other = try training.session(capacity: 1)
        let people = try training.people(3)
        let bookings = try people.map { try training.booked(session, $0) }
        let elsewhere = try training.booked(other, people[0])

        let response = try server.request(
            "PATCH", "/v1/training-sessions/\(session)", json: #"{"status":"cancelled","capacity":1}"#,
            headers: [("Content-Type", "application/merge-patch+json")])
        #expect(response.status == 200)
        #expect(response.json["status"]?.string == "cancelled")
        #expect(response.json["waitlistLength"]?.int == 0)
        #expect(try bookings.map { try training.status($0) } == ["cancelled", "cancelled", "cancelled"])
        #expect(try training.status(elsewhere) == "confirmed")
        #expect(try training.book(session, people[0]).status == 409)
        let reopen = try server.request("PATCH", "/v1/training-sessions/\(session)", json: #"{"status":"scheduled"}"#)
        #expect(reopen.status == 409)
    }

    @Test func patchChangesOnlyWhatItNamesAndHonoursIfMatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let stale = try server.request(
            "PATCH", "/v1/training-sessions/\(session)", json: #"{"title":"New"}"#, headers: [("If-Match", "\"7\"")])
        #expect(stale.status == 412)
        let response = try server.request(
            "PATCH", "/v1/training-sessions/\(session)", json: #"{"title":"New","location":null,"online":true}"#,
            headers: [("If-Match", "\"1\"")])
        #expect(response.status == 200)
        #expect(response.header("ETag") == "\"2\"")
        #expect(response.json["title"]?.string == "New")
        #expect(response.json["location"] == .null)
        #expect(response.json["online"]?.bool == true)
        #expect(response.json["course"]?.string == "peer_reviewer")
        let unchanged = try server.request("PATCH", "/v1/training-sessions/\(session)", json: #"{"title":"New"}"#)
        #expect(unchanged.json["version"]?.int == 2)
    }

    @Test func invalidPatchListsEveryBadField() throws {
        let server = try TestServer()
        defer { server.stop() }
        let session = try TrainingFixture(server).session()
        let response = try server.request(
            "PATCH", "/v1/training-sessions/\(session)",
            json: #"{"title":null,"capacity":0,"status":"postponed","course":null,"seats":3}"#)
        #expect(response.status == 422)
        #expect(Set(response.errorFields) == ["title", "capacity", "status", "course", "seats"])
        let times = try server.request(
            "PATCH", "/v1/training-sessions/\(session)", json: #"{"endsAt":"2026-12-10T08:00:00Z","title":""}"#)
        #expect(Set(times.errorFields) == ["endsAt", "title"])
        let past = try server.request(
            "PATCH", "/v1/training-sessions/\(session)", json: #"{"startsAt":"2026-11-01T09:00:00Z"}"#)
        #expect(past.errorFields == ["startsAt"])
        let anonymous = try server.request(
            "PATCH", "/v1/training-sessions/\(session)", key: nil, json: #"{"title":"x"}"#)
        #expect(anonymous.status == 401)
    }

    @Test func courseCannotChangeOnceTheSessionHasBookings() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let before = try server.request(
            "PATCH", "/v1/training-sessions/\(session)", json: #"{"course":"improvement_champion"}"#)
        #expect(before.status == 200)
        try training.booked(session, try training.people(1)[0])
        let after = try server.request(
            "PATCH", "/v1/training-sessions/\(session)", json: #"{"course":"peer_reviewer"}"#)
        #expect(after.status == 409)
    }
}
