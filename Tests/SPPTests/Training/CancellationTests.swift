import SPP
import TestSupport
import Testing

@Suite struct CancellationTests {
    @Test func cancellingAConfirmedBookingPromotesTheOldestWaitlisted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (session, bookings) = try training.session(capacity: 2, bookedBy: 5)
        let response = try training.cancel(bookings[0])
        #expect(response.status == 200)
        #expect(response.json["status"]?.string == "cancelled")
        #expect(response.json["version"]?.int == 2)
        #expect(response.header("ETag") == "\"2\"")
        #expect(
            try bookings.map { try training.status($0) } == [
                "cancelled", "confirmed", "confirmed", "waitlisted", "waitlisted",
            ])
        #expect(try training.booking(bookings[3])["waitlistPosition"]?.int == 1)
        #expect(try training.booking(bookings[4])["waitlistPosition"]?.int == 2)
        let sessionNow = try training.sessionJSON(session)
        #expect(sessionNow["placesLeft"]?.int == 0)
        #expect(sessionNow["waitlistLength"]?.int == 2)
    }

    /// A booking's place in the queue is part of it: when someone ahead leaves
    /// the waitlist, its version and ETag move, or a cache revalidating with
    /// the old ETag gets `304` and keeps the old position.
    @Test func movingUpTheWaitlistChangesABookingsVersion() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (_, bookings) = try training.session(capacity: 1, bookedBy: 4)
        let last = "/v1/bookings/\(bookings[3])"
        let before = try server.request("GET", last)
        #expect(before.json["waitlistPosition"]?.int == 3 && before.header("ETag") == "\"1\"")
        #expect(try training.cancel(bookings[1]).status == 200)  // waitlisted, ahead of it
        let afterCancel = try server.request("GET", last, headers: [("If-None-Match", "\"1\"")])
        #expect(afterCancel.status == 200)
        #expect(afterCancel.json["waitlistPosition"]?.int == 2 && afterCancel.header("ETag") == "\"2\"")
        #expect(try training.cancel(bookings[0]).status == 200)  // confirmed: the head of the queue is promoted
        let afterPromotion = try server.request("GET", last, headers: [("If-None-Match", "\"2\"")])
        #expect(afterPromotion.json["waitlistPosition"]?.int == 1 && afterPromotion.header("ETag") == "\"3\"")
        #expect(try training.booking(bookings[2])["status"]?.string == "confirmed")
    }

    /// Cancelling takes no fields: a body with one was once ignored, and the
    /// booking cancelled all the same.
    @Test func aCancelWithFieldsIs422AndCancelsNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (_, bookings) = try training.session(capacity: 2, bookedBy: 2)
        let path = "/v1/bookings/\(bookings[0])/cancel"
        let refused = try server.request("POST", path, json: #"{"reason":"ill"}"#)
        #expect(refused.status == 422 && refused.errorFields == ["reason"])
        #expect(try training.status(bookings[0]) == "confirmed")
        #expect(try server.request("POST", path, json: "{}").status == 200)
        #expect(try training.status(bookings[0]) == "cancelled")
    }

    @Test func cancellingAWaitlistedBookingClosesTheGapInTheQueue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (session, bookings) = try training.session(capacity: 1, bookedBy: 4)
        #expect(try training.cancel(bookings[1]).json["waitlistPosition"] == .null)
        #expect(try training.status(bookings[0]) == "confirmed")
        #expect(try [2, 3].map { try training.booking(bookings[$0])["waitlistPosition"]?.int } == [1, 2])
        #expect(try training.sessionJSON(session)["waitlistLength"]?.int == 2)
    }

    @Test func onlyActiveBookingsCanBeCancelled() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (_, bookings) = try training.session(capacity: 2, bookedBy: 2)
        #expect(try training.cancel(bookings[0]).status == 200)
        let again = try training.cancel(bookings[0])
        #expect(again.status == 409)
        #expect(again.header("Content-Type") == "application/problem+json")
        training.startSessions()
        #expect(try training.cancel(bookings[1]).status == 409)  // started: record attendance instead
        #expect(try training.attendance(bookings[1], "attended").status == 200)
        #expect(try training.cancel(bookings[1]).status == 409)
        #expect(try training.cancel(9999).status == 404)
    }

    @Test func waitlistedBookingCanBeCancelledAfterTheStart() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (_, bookings) = try training.session(capacity: 1, bookedBy: 2)
        training.startSessions()
        #expect(try training.cancel(bookings[1]).status == 200)
        #expect(try training.status(bookings[0]) == "confirmed")
    }

    @Test func everyBookingChangeIsInTheChangeLog() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let (_, bookings) = try training.session(capacity: 1, bookedBy: 2)
        _ = try training.cancel(bookings[0])
        let actions = try server.app.services.database.read { db in
            try db.fetch("SELECT entity_id, action FROM changes WHERE entity = 'booking' ORDER BY seq") {
                "\($0.int(0)) \($0.text(1))"
            }
        }
        #expect(
            actions == [
                "\(bookings[0]) created", "\(bookings[1]) created", "\(bookings[0]) updated", "\(bookings[1]) updated",
            ])
    }
}
