import JSON
import SPP
import TestSupport
import Testing

/// Sessions, people and bookings for the training tests. The register
/// (schools, trusts, people) comes from `RegisterFixture`; sessions and
/// bookings go through the API, as a client would make them. The clock
/// starts at 2026-11-28T09:30:00Z, so sessions in December are upcoming.
struct TrainingFixture {
    let server: TestServer
    var register: RegisterFixture { RegisterFixture(server: server) }

    init(_ server: TestServer) { self.server = server }

    /// Returns the new session's id.
    @discardableResult
    func session(
        course: String = "peer_reviewer", capacity: Int = 2, startsAt: String = "2026-12-10T09:00:00Z",
        endsAt: String = "2026-12-10T16:00:00Z", title: String = "Peer reviewer training"
    ) throws -> Int {
        let response = try server.request(
            "POST", "/v1/training-sessions",
            json: #"""
                {"course":"\#(course)","title":"\#(title)","startsAt":"\#(startsAt)","endsAt":"\#(endsAt)",
                 "location":"Leeds","online":false,"capacity":\#(capacity)}
                """#)
        try #require(response.status == 201, "\(response.text)")
        return try #require(response.json["id"]?.int)
    }

    /// A school with `count` people in it, made in one transaction; returns their ids in order.
    func people(_ count: Int, school: Int = 100001, trust: Int? = nil) throws -> [Int] {
        try register.school(school, trust: trust)
        return try server.app.services.database.write { db in
            try (0..<count).map { index in
                try db.run(
                    "INSERT INTO people (name, email, school_urn, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    [
                        "Person \(index)", "p\(index)@s\(school).example", school, "2026-01-01T00:00:00Z",
                        "2026-01-01T00:00:00Z",
                    ])
                return Int(db.lastInsertRowID)
            }
        }
    }

    /// A session of `capacity` places booked by `count` new people, one after the other.
    func session(capacity: Int, bookedBy count: Int) throws -> (session: Int, bookings: [Int]) {
        let session = try self.session(capacity: capacity)
        return (session, try people(count).map { try booked(session, $0) })
    }

    /// Moves the clock to an hour after the default session's start.
    func startSessions() { server.clock.set("2026-12-10T10:00:00Z") }

    func attendance(_ booking: Int, _ status: String, headers: [(String, String)] = []) throws -> TestResponse {
        try server.request("PATCH", "/v1/bookings/\(booking)", json: #"{"status":"\#(status)"}"#, headers: headers)
    }

    func book(_ session: Int, _ person: Int, key: String?? = .some(nil)) throws -> TestResponse {
        try server.request(
            "POST", "/v1/training-sessions/\(session)/bookings", key: key, json: #"{"personId":\#(person)}"#)
    }

    /// Books and returns the booking's id, requiring success.
    @discardableResult
    func booked(_ session: Int, _ person: Int) throws -> Int {
        let response = try book(session, person)
        try #require(response.status == 201, "\(response.text)")
        return try #require(response.json["id"]?.int)
    }

    func cancel(_ booking: Int, key: String?? = .some(nil)) throws -> TestResponse {
        try server.request("POST", "/v1/bookings/\(booking)/cancel", key: key)
    }

    func booking(_ id: Int) throws -> JSONValue { try server.request("GET", "/v1/bookings/\(id)").json }

    func status(_ booking: Int) throws -> String? { try self.booking(booking)["status"]?.string }

    func sessionJSON(_ id: Int) throws -> JSONValue { try server.request("GET", "/v1/training-sessions/\(id)").json }

    /// An accreditation as completed training would leave it, for refresher bookings.
    func accredit(
        _ person: Int, _ course: String, completedOn: String = "2024-06-01", validUntil: String = "2027-06-01"
    )
        throws
    {
        try server.app.services.database.write { db in
            try db.run(
                "INSERT INTO accreditations (person_id, course, completed_on, valid_until) VALUES (?, ?, ?, ?)",
                [person, course, completedOn, validUntil])
        }
    }
}
