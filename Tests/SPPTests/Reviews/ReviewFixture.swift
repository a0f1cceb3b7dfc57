import JSON
import SPP
import TestSupport
import Testing

/// A partnership of three schools (A hosts; B and C send reviewers) with
/// people accredited as the review rules need, for the review tests.
struct ReviewFixture {
    let server: TestServer
    let register: RegisterFixture
    let partnership: Int
    /// At the host school.
    let host: Int
    /// Accredited peer reviewers at B and C.
    let reviewerB: Int
    let reviewerC: Int
    /// At B, with no accreditation.
    let untrained: Int
    /// An improvement champion at C.
    let champion: Int

    static let a = 100_001
    static let b = 100_002
    static let c = 100_003

    init(_ server: TestServer) throws {
        self.server = server
        register = RegisterFixture(server: server)
        try register.trust(1)
        try register.school(Self.a, trust: 1)
        try register.schools([Self.b, Self.c])
        partnership = try register.partnership()
        try register.join(partnership, [Self.a, Self.b, Self.c])
        host = try register.person(school: Self.a, name: "Hana Host")
        reviewerB = try register.person(school: Self.b, name: "Rae Reviewer")
        reviewerC = try register.person(school: Self.c, name: "Rex Reviewer")
        untrained = try register.person(school: Self.b, name: "Una Untrained")
        champion = try register.person(school: Self.c, name: "Cam Champion")
        let (reviewerB, reviewerC, champion, host) = (reviewerB, reviewerC, champion, host)
        try server.app.services.database.write { db in
            for (person, course) in [
                (reviewerB, "peer_reviewer"), (reviewerC, "peer_reviewer"), (host, "peer_reviewer"),
                (champion, "improvement_champion"),
            ] {
                try db.run(
                    "INSERT INTO accreditations (person_id, course, completed_on, valid_until) VALUES (?, ?, ?, ?)",
                    [person, course, "2025-01-10", "2028-01-10"])
            }
        }
    }

    /// A new review of A; returns its id.
    func review() throws -> Int {
        let response = try server.request(
            "POST", "/v1/reviews", json: #"{"partnershipId":\#(partnership),"hostUrn":\#(Self.a),"focus":"Reading"}"#)
        try #require(response.status == 201, "\(response.text)")
        return try #require(response.json["id"]?.int)
    }

    /// PATCH with the review's current version as If-Match.
    func patch(_ id: Int, _ json: String, key: String?? = .some(nil)) throws -> TestResponse {
        let version = try server.request("GET", "/v1/reviews/\(id)").json["version"]?.int ?? 0
        return try server.request(
            "PATCH", "/v1/reviews/\(id)", key: key, json: json, headers: [("If-Match", #""\#(version)""#)])
    }

    func team(_ id: Int, _ person: Int, _ role: String = "reviewer", key: String?? = .some(nil)) throws -> TestResponse
    {
        try server.request("PUT", "/v1/reviews/\(id)/team/\(person)", key: key, json: #"{"role":"\#(role)"}"#)
    }

    func action(_ id: Int, owner: Int? = nil) throws -> TestResponse {
        try server.request(
            "POST", "/v1/reviews/\(id)/actions",
            json: #"{"description":"Phonics plan","ownerPersonId":\#(owner ?? host),"dueOn":"2027-03-01"}"#)
    }
}
