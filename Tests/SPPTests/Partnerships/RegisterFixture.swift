import SPP
import TestSupport
import Testing

/// A small register for the partnership and people tests: trusts and schools
/// go straight into the store (their routes belong to another area), people
/// and partnerships through the API, as a client would make them.
struct RegisterFixture {
    let server: TestServer

    func trust(_ id: Int) throws {
        try server.app.services.database.write { db in
            try db.run(
                "INSERT INTO trusts (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [id, "Trust \(id)", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"])
        }
    }

    func school(_ urn: Int, trust: Int? = nil) throws {
        try server.app.services.database.write { db in
            try db.run(
                """
                INSERT INTO schools (urn, name, phase, type, local_authority, region, trust_id, created_at, updated_at)
                VALUES (?, ?, 'primary', 'Academy converter', 'Leeds', 'yorkshire_and_the_humber', ?, ?, ?)
                """, [urn, "School \(urn)", trust, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"])
        }
    }

    func schools(_ urns: [Int], trust: Int? = nil) throws {
        for urn in urns { try school(urn, trust: trust) }
    }

    /// Returns the new person's id. The default email comes from the name and
    /// school, so people at one school need different names.
    @discardableResult
    func person(school: Int, roles: [String] = [], email: String? = nil, name: String = "Ada Lovelace") throws -> Int {
        let roleList = roles.map { "\"\($0)\"" }.joined(separator: ",")
        let address = email ?? "\(name.lowercased().filter(\.isLetter))@s\(school).example"
        let response = try server.request(
            "POST", "/v1/people",
            json: #"{"name":"\#(name)","email":"\#(address)","schoolUrn":\#(school),"roles":[\#(roleList)]}"#)
        try #require(response.status == 201, "\(response.text)")
        return try #require(response.json["id"]?.int)
    }

    /// Returns the new partnership's id.
    @discardableResult
    func partnership(_ name: String = "Aire Valley", cohort: Int = 2024, region: String = "yorkshire_and_the_humber")
        throws -> Int
    {
        let response = try server.request(
            "POST", "/v1/partnerships", json: #"{"name":"\#(name)","cohort":\#(cohort),"region":"\#(region)"}"#)
        try #require(response.status == 201, "\(response.text)")
        return try #require(response.json["id"]?.int)
    }

    /// `PUT /v1/partnerships/{id}/members/{urn}` as a client sends it.
    func putMember(_ partnership: Int, _ urn: Int, on date: String = "2026-09-01") throws -> TestResponse {
        try server.request(
            "PUT", "/v1/partnerships/\(partnership)/members/\(urn)", json: #"{"joinedOn":"\#(date)"}"#)
    }

    func join(_ partnership: Int, _ urns: [Int], on date: String = "2026-09-01") throws {
        for urn in urns {
            let response = try putMember(partnership, urn, on: date)
            try #require(response.status == 201, "\(response.text)")
        }
    }

    func leave(_ partnership: Int, _ urn: Int) throws {
        let response = try server.request("DELETE", "/v1/partnerships/\(partnership)/members/\(urn)")
        try #require(response.status == 204, "\(response.text)")
    }

    func key(_ role: Role, scope: Int) throws -> String {
        try server.app.services.keys.create(name: "\(role) \(scope)", role: role, scope: scope, by: .commandLine).secret
    }
}
