import HTTPServer
import TestSupport
import Testing

@testable import SPP

/// CONTRACT §1: `Idempotency-Key` on POST, stored per key and caller for 24 hours.
@Suite struct IdempotencyTests {
    @Test func retriedBookingReplaysTheFirstAnswerWithoutBookingTwice() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 3)
        let person = try training.people(1)[0]
        let first = try book(server, session, person, idempotencyKey: "retry-after-timeout")
        #expect(first.status == 201)
        #expect(first.header("Idempotent-Replayed") == nil)
        let retry = try book(server, session, person, idempotencyKey: "retry-after-timeout")
        #expect(retry.status == 201)
        #expect(retry.body == first.body)
        #expect(retry.header("Idempotent-Replayed") == "true")
        #expect(retry.header("Location") == first.header("Location"))
        #expect(retry.header("ETag") == first.header("ETag"))
        #expect(retry.header("Content-Type") == "application/json")
        let count = try server.app.services.database.read { db in try db.scalarInt("SELECT count(*) FROM bookings") }
        #expect(count == 1)
        #expect(try training.sessionJSON(session)["placesLeft"]?.int == 2)
    }

    @Test func simultaneousRetriesWithOneKeyActOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session(capacity: 3)
        let person = try training.people(1)[0]
        let request = ConcurrentClients.post(
            "/v1/training-sessions/\(session)/bookings", json: #"{"personId":\#(person)}"#, key: server.adminKey,
            headers: [("Idempotency-Key", "burst")])
        let answers = ConcurrentClients.send(Array(repeating: request, count: 20), to: server)
        #expect(answers.count == 20)
        let acted = answers.filter { $0.status == 201 && $0.header("Idempotent-Replayed") == nil }
        let replayed = answers.filter { $0.status == 201 && $0.header("Idempotent-Replayed") == "true" }
        let busy = answers.filter { $0.status == 409 && $0.text.contains("still being processed") }
        #expect(acted.count == 1)
        #expect(acted.count + replayed.count + busy.count == 20)
        #expect(replayed.allSatisfy { $0.body == acted.first?.body })
        #expect(try server.app.services.database.read { try $0.scalarInt("SELECT count(*) FROM bookings") } == 1)
    }

    @Test func sameKeyForADifferentRequestIs422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let people = try training.people(2)
        #expect(try book(server, session, people[0], idempotencyKey: "k1").status == 201)
        let otherBody = try book(server, session, people[1], idempotencyKey: "k1")
        #expect(otherBody.status == 422)
        #expect(otherBody.errorFields == ["Idempotency-Key"])
        let otherSession = try training.session()
        let otherPath = try book(server, otherSession, people[0], idempotencyKey: "k1")
        #expect(otherPath.status == 422)
        #expect(try training.status(1) == "confirmed")
        #expect(try server.request("GET", "/v1/bookings/2").status == 404)
    }

    /// A client that serialises its body again on a retry (other spacing,
    /// other key order) once got a 422 for "a different request".
    @Test func aRetryWhoseJSONIsSpelledDifferentlyIsTheSameRequest() throws {
        let server = try TestServer()
        defer { server.stop() }
        let first = try server.request(
            "POST", "/v1/trusts", json: #"{"name":"Oak Trust","giasCode":"TR9"}"#,
            headers: [("Idempotency-Key", "respelled")])
        #expect(first.status == 201)
        let retry = try server.request(
            "POST", "/v1/trusts", json: "{ \"giasCode\" : \"TR9\",\n  \"name\": \"Oak Trust\" }",
            headers: [("Idempotency-Key", "respelled")])
        #expect(retry.status == 201 && retry.header("Idempotent-Replayed") == "true")
        #expect(retry.body == first.body)
        let changed = try server.request(
            "POST", "/v1/trusts", json: #"{"name":"Oak Trust","giasCode":"TR8"}"#,
            headers: [("Idempotency-Key", "respelled")])
        #expect(changed.status == 422)
    }

    @Test func keyWhoseFirstRequestIsStillRunningIs409UntilAbandoned() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let person = try training.people(1)[0]
        let issued = try server.app.services.keys.create(name: "website", role: .admin, scope: nil, by: .commandLine)
        let path = "/v1/training-sessions/\(session)/bookings"
        let sameRequest = Request(
            method: .post, target: path, pathSegments: [], body: Array(#"{"personId":\#(person)}"#.utf8))
        try server.app.services.database.write { db in
            try db.run(
                "INSERT INTO idempotency_keys (caller, key, request_hash, created_at) VALUES (?, 'busy', ?, ?)",
                [
                    "key:\(issued.key.id)", IdempotencyKeys.fingerprint(sameRequest),
                    server.clock.now().description,
                ])
        }
        let busy = try book(server, session, person, idempotencyKey: "busy", key: issued.secret)
        #expect(busy.status == 409)
        // Another body under the same key is a 422 even while the first is running (CONTRACT §1).
        let other = try server.request(
            "POST", path, key: issued.secret, json: #"{"personId":\#(person + 1000)}"#,
            headers: [("Idempotency-Key", "busy")])
        #expect(other.status == 422)
        #expect(try server.app.services.database.read { try $0.scalarInt("SELECT count(*) FROM bookings") } == 0)
        server.clock.advance(seconds: 11 * 60)  // the first request's server died: its reservation is stale
        #expect(try book(server, session, person, idempotencyKey: "busy", key: issued.secret).status == 201)
    }

    @Test func problemAnswersAreReplayedToo() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let person = try training.people(1)[0]
        let held = try training.booked(session, person)
        let conflict = try book(server, session, person, idempotencyKey: "dup")
        #expect(conflict.status == 409)
        #expect(try training.cancel(held).status == 200)
        let replayed = try book(server, session, person, idempotencyKey: "dup")
        #expect(replayed.status == 409)
        #expect(replayed.body == conflict.body)
        #expect(replayed.header("Content-Type") == "application/problem+json")
        #expect(replayed.header("Idempotent-Replayed") == "true")
    }

    @Test func keysBelongToTheirCaller() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        try training.register.trust(1)
        let session = try training.session()
        let people = try training.people(1, school: 100001, trust: 1)
        let trustKey = try training.register.key(.trust, scope: 1)
        let other = try training.register.key(.trust, scope: 1)
        #expect(try book(server, session, people[0], idempotencyKey: "same", key: trustKey).status == 201)
        let fromOtherCaller = try book(server, session, people[0], idempotencyKey: "same", key: other)
        #expect(fromOtherCaller.status == 409)  // acted on: the person already holds a booking
        #expect(fromOtherCaller.header("Idempotent-Replayed") == nil)
    }

    @Test func answersAreForgottenAfter24Hours() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let booking = try training.booked(try training.session(), try training.people(1)[0])
        let headers = [("Idempotency-Key", "cancel-1")]
        #expect(try server.request("POST", "/v1/bookings/\(booking)/cancel", headers: headers).status == 200)
        server.clock.advance(seconds: 24 * 60 * 60 - 1)
        #expect(try server.request("POST", "/v1/bookings/\(booking)/cancel", headers: headers).status == 200)
        server.clock.advance(seconds: 2)
        let later = try server.request("POST", "/v1/bookings/\(booking)/cancel", headers: headers)
        #expect(later.status == 409)  // acted again: the booking is already cancelled
        #expect(later.header("Idempotent-Replayed") == nil)
    }

    @Test func rateLimitedAnswersAreNotKeptSoARetryCanProceed() throws {
        let server = try TestServer { $0.rateLimit = 1 }
        defer { server.stop() }
        let training = TrainingFixture(server)
        try training.register.trust(1)
        let session = try training.session()
        let people = try training.people(2, school: 100001, trust: 1)
        let trustKey = try training.register.key(.trust, scope: 1)
        #expect(try book(server, session, people[0], idempotencyKey: "a", key: trustKey).status == 201)
        #expect(try book(server, session, people[1], idempotencyKey: "b", key: trustKey).status == 429)
        server.clock.advance(seconds: 60)
        let retry = try book(server, session, people[1], idempotencyKey: "b", key: trustKey)
        #expect(retry.status == 201)
        #expect(retry.header("Idempotent-Replayed") == nil)
    }

    @Test func aRetriedAPIKeyIsCreatedOnceAndItsSecretNeverStoredNorReplayed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let body = #"{"name":"website","role":"admin"}"#
        func post() throws -> TestResponse {
            try server.request("POST", "/v1/api-keys", json: body, headers: [("Idempotency-Key", "key-1")])
        }
        let first = try post()
        let secret = try #require(first.json["key"]?.string)
        let second = try post()
        #expect(first.status == 201 && second.status == 409)
        #expect(second.header("Content-Type") == "application/problem+json")
        #expect(second.header("Location") == first.header("Location") && first.header("Location") != nil)
        #expect(second.header("Idempotent-Replayed") == "true")
        #expect(!second.text.contains(secret))
        let stored = try server.app.services.database.read { db in
            try db.fetch("SELECT body FROM idempotency_keys") { String(decoding: $0.blob(0), as: UTF8.self) }
        }
        #expect(stored.count == 1 && !stored[0].contains(secret))
        let names = try server.request("GET", "/v1/api-keys?limit=500").json["data"]?.array?.compactMap {
            $0["name"]?.string
        }
        #expect(names?.filter { $0 == "website" }.count == 1)
    }

    @Test func malformedKeyIs400AndUnknownCallersAndPlainPostsStoreNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let person = try training.people(1)[0]
        let long = String(repeating: "k", count: 201)
        #expect(try book(server, session, person, idempotencyKey: long).status == 400)
        #expect(try book(server, session, person, idempotencyKey: "with space").status == 400)
        #expect(try book(server, session, person, idempotencyKey: "k", key: "spp_unknown").status == 401)
        #expect(try training.book(session, person).status == 201)
        #expect(try storedKeys(server) == 0)
        #expect(try book(server, session, person, idempotencyKey: String(repeating: "k", count: 200)).status == 409)
        #expect(try storedKeys(server) == 1)
    }

    /// Nothing ran, so there is nothing to replay: a later anonymous request
    /// with the same key is told to authenticate, not that the key is taken.
    @Test func anAnonymousPostToAKeyedRouteIs401AndKeepsNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let session = try training.session()
        let people = try training.people(2)
        #expect(try book(server, session, people[0], idempotencyKey: "k", key: nil).status == 401)
        #expect(try book(server, session, people[1], idempotencyKey: "k", key: nil).status == 401)
        #expect(try storedKeys(server) == 0)
    }

    /// A key answered for good on an anonymous request (here a `404`: no
    /// route) is never consulted for a keyed route: authentication comes first.
    @Test func anAnonymousPostToAKeyedRouteIs401WhateverTheKeyWasUsedFor() throws {
        let server = try TestServer()
        defer { server.stop() }
        let nowhere = try server.request(
            "POST", "/v1/nowhere", key: nil, json: "{}", headers: [("Idempotency-Key", "k")])
        #expect(nowhere.status == 404)
        let people = try server.request(
            "POST", "/v1/people", key: nil, json: #"{"name":"A"}"#, headers: [("Idempotency-Key", "k")])
        #expect(people.status == 401)
        #expect(try storedKeys(server) == 0)
    }

    private func book(
        _ server: TestServer, _ session: Int, _ person: Int, idempotencyKey: String, key: String?? = .some(nil)
    ) throws -> TestResponse {
        try server.request(
            "POST", "/v1/training-sessions/\(session)/bookings", key: key, json: #"{"personId":\#(person)}"#,
            headers: [("Idempotency-Key", idempotencyKey)])
    }

    private func storedKeys(_ server: TestServer) throws -> Int? {
        try server.app.services.database.read { try $0.scalarInt("SELECT count(*) FROM idempotency_keys") }
    }
}
