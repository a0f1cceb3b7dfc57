import JSON
import SPP
import TestSupport
import Testing

/// Issue 4: under any concurrency, confirmed bookings never exceed capacity,
/// no booking is lost and the waitlist keeps arrival order. Real sockets, the
/// server's full worker pool (the default 8 workers), and every client
/// released at the same moment.
@Suite struct BookingRaceTests {
    @Test func twoHundredClientsRacingForThirtyPlacesFillThemAndQueueTheRestInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 30)
        let people = try training.people(200)

        let requests = people.map { person in
            ConcurrentClients.post(
                "/v1/training-sessions/\(session)/bookings", json: #"{"personId":\#(person)}"#, key: server.adminKey)
        }
        let answers = ConcurrentClients.send(requests, to: server)
        #expect(answers.count == 200)
        #expect(answers.allSatisfy { $0.status == 201 })
        let bookings =
            try server.request("GET", "/v1/training-sessions/\(session)/bookings?limit=500").json["data"]?
            .array ?? []
        #expect(bookings.count == 200)
        #expect(Set(bookings.compactMap { $0["personId"]?.int }) == Set(people))
        let confirmed = bookings.filter { $0["status"]?.string == "confirmed" }
        let waitlisted = bookings.filter { $0["status"]?.string == "waitlisted" }
        #expect(confirmed.count == 30)
        #expect(waitlisted.count == 170)
        // Listed by id, i.e. arrival order: the first 30 hold the places, the queue follows in order.
        #expect(bookings.prefix(30).allSatisfy { $0["status"]?.string == "confirmed" })
        #expect(waitlisted.compactMap { $0["waitlistPosition"]?.int } == Array(1...170))
        // Each client was told what the store holds.
        let told = Dictionary(
            uniqueKeysWithValues: answers.compactMap { answer -> (Int, String?)? in
                let json = (try? JSONParser.parse(answer.body)) ?? .null
                return json["id"]?.int.map { ($0, json["status"]?.string) }
            })
        #expect(bookings.allSatisfy { told[$0["id"]?.int ?? 0] == $0["status"]?.string })

        let oldestWaiting = waitlisted.prefix(5).compactMap { $0["id"]?.int }
        for booking in confirmed.prefix(5).compactMap({ $0["id"]?.int }) {
            #expect(try training.cancel(booking).status == 200)
        }
        #expect(try oldestWaiting.map { try training.status($0) } == Array(repeating: "confirmed", count: 5))
        let after =
            try server.request("GET", "/v1/training-sessions/\(session)/bookings?limit=500").json["data"]?
            .array ?? []
        #expect(after.filter { $0["status"]?.string == "confirmed" }.count == 30)
        let queue = after.filter { $0["status"]?.string == "waitlisted" }
        #expect(queue.compactMap { $0["waitlistPosition"]?.int } == Array(1...165))
        #expect(queue.first?["id"]?.int == waitlisted[5]["id"]?.int)
        let summary = try training.sessionJSON(session)
        #expect(summary["placesLeft"]?.int == 0)
        #expect(summary["waitlistLength"]?.int == 165)
    }
}
