import SPP
import TestSupport
import Testing

/// CONTRACT §2: bookings need a key; trust and partnership keys see only the
/// bookings of the people of the schools in their scope, and book and cancel
/// only for their own people.
@Suite struct BookingAccessTests {
    /// Trust 1 runs school 100001; school 100002 is elsewhere. Partnership P
    /// has 100002 as a member.
    private struct Scopes {
        let ours: Int
        let theirs: Int
        let trustKey: String
        let partnershipKey: String
        let partnership: Int
        let session: Int

        init(_ server: TestServer) throws {
            let training = TrainingFixture(server)
            try training.register.trust(1)
            ours = try training.people(1, school: 100001, trust: 1)[0]
            theirs = try training.people(1, school: 100002)[0]
            partnership = try training.register.partnership()
            try training.register.join(partnership, [100002])
            trustKey = try training.register.key(.trust, scope: 1)
            partnershipKey = try training.register.key(.partnership, scope: partnership)
            session = try training.session(capacity: 5)
        }

        /// One booking for each of the two people, ours first.
        func bookBoth(_ training: TrainingFixture) throws -> (ours: Int, theirs: Int) {
            (try training.booked(session, ours), try training.booked(session, theirs))
        }
    }

    @Test func anonymousCallersSeeNoBookings() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let scopes = try Scopes(server)
        let booking = try training.booked(scopes.session, scopes.ours)
        for path in ["/v1/training-sessions/\(scopes.session)/bookings", "/v1/bookings/\(booking)"] {
            let response = try server.request("GET", path, key: nil)
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate") == "Bearer")
        }
        #expect(try training.book(scopes.session, scopes.ours, key: nil).status == 401)
        #expect(try training.cancel(booking, key: nil).status == 401)
    }

    @Test func trustKeyBooksItsOwnPeopleOnlyAndCannotTellOthersExist() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let scopes = try Scopes(server)
        #expect(try training.book(scopes.session, scopes.ours, key: scopes.trustKey).status == 201)
        let other = try training.book(scopes.session, scopes.theirs, key: scopes.trustKey)
        #expect(other.status == 422)
        #expect(other.errorFields == ["personId"])
        #expect(other.json["errors"]?[0]?["message"]?.string == "names no person (id \(scopes.theirs))")
        let missing = try training.book(scopes.session, 999_999, key: scopes.trustKey)
        #expect(missing.json["errors"]?[0]?["message"]?.string == "names no person (id 999999)")
    }

    @Test func aTrustKeySeesButNeitherBooksNorCancelsForAnotherTrustsPeople() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let scopes = try Scopes(server)
        // The trust's school joins P: P's other member, and its people, come into the trust's view.
        try training.register.join(scopes.partnership, [100001])
        let refused = try training.book(scopes.session, scopes.theirs, key: scopes.trustKey)
        #expect(refused.status == 403)
        #expect(refused.header("Content-Type") == "application/problem+json")
        let bookings = "/v1/training-sessions/\(scopes.session)/bookings"
        #expect(try server.request("GET", bookings).json["data"]?.array?.isEmpty == true)

        let theirs = try training.booked(scopes.session, scopes.theirs)
        #expect(try server.request("GET", "/v1/bookings/\(theirs)", key: scopes.trustKey).status == 200)
        #expect(try training.cancel(theirs, key: scopes.trustKey).status == 403)
        #expect(try training.status(theirs) == "confirmed")
        // A partnership key acts for every member school's people.
        #expect(try training.book(scopes.session, scopes.ours, key: scopes.partnershipKey).status == 201)
        #expect(try training.cancel(theirs, key: scopes.partnershipKey).status == 200)
    }

    @Test func scopedKeysListAndReadOnlyTheirPeoplesBookings() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let scopes = try Scopes(server)
        let (ours, theirs) = try scopes.bookBoth(training)
        func listed(_ key: String) throws -> [Int] {
            try server.request("GET", "/v1/training-sessions/\(scopes.session)/bookings", key: key).json["data"]?.array?
                .compactMap { $0["id"]?.int } ?? []
        }
        #expect(try listed(server.adminKey) == [ours, theirs])
        #expect(try listed(scopes.trustKey) == [ours])
        #expect(try listed(scopes.partnershipKey) == [theirs])
        #expect(try server.request("GET", "/v1/bookings/\(ours)", key: scopes.trustKey).status == 200)
        #expect(try server.request("GET", "/v1/bookings/\(theirs)", key: scopes.trustKey).status == 404)
        #expect(try server.request("GET", "/v1/bookings/\(ours)", key: scopes.partnershipKey).status == 404)
        #expect(try server.request("GET", "/v1/bookings/9999").status == 404)
    }

    @Test func scopedKeysCancelOnlyTheirPeoplesBookingsAndNeverRecordAttendance() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let scopes = try Scopes(server)
        let (ours, theirs) = try scopes.bookBoth(training)
        #expect(try training.cancel(theirs, key: scopes.trustKey).status == 404)
        #expect(try training.status(theirs) == "confirmed")
        let patch = try server.request(
            "PATCH", "/v1/bookings/\(ours)", key: scopes.trustKey, json: #"{"status":"attended"}"#)
        #expect(patch.status == 403)
        let cancelled = try training.cancel(ours, key: scopes.trustKey)
        #expect(cancelled.status == 200)
        #expect(cancelled.json["status"]?.string == "cancelled")
        #expect(try training.cancel(theirs, key: scopes.partnershipKey).status == 200)
    }
}
