import JSON
import TestSupport
import Testing

/// Schools made through the API and GIAS files built line by line, for the
/// school, import and trust tests.
extension TestServer {
    /// A `POST /v1/schools` body; `extra` adds fields (`"pupils":420`).
    static func schoolJSON(
        _ urn: Int, name: String = "Ash Primary School", phase: String = "primary", region: String = "london",
        extra: String = ""
    ) -> String {
        #"{"urn":\#(urn),"name":"\#(name)","phase":"\#(phase)","type":"Community school","#
            + #""localAuthority":"Camden","region":"\#(region)"\#(extra.isEmpty ? "" : "," + extra)}"#
    }

    @discardableResult
    func createSchool(_ urn: Int, name: String = "Ash Primary School", extra: String = "") throws -> JSONValue {
        let response = try request("POST", "/v1/schools", json: Self.schoolJSON(urn, name: name, extra: extra))
        try #require(response.status == 201, "\(response.text)")
        return response.json
    }

    /// Returns the new trust's id.
    @discardableResult
    func createTrust(_ name: String = "Oak Learning Trust", giasCode: String? = nil) throws -> Int {
        let code = giasCode.map { #","giasCode":"\#($0)""# } ?? ""
        let response = try request("POST", "/v1/trusts", json: #"{"name":"\#(name)"\#(code)}"#)
        try #require(response.status == 201, "\(response.text)")
        return try #require(response.json["id"]?.int)
    }

    /// `key` as in `request`: admin by default.
    func importSchools(_ csv: String, query: String = "", key: String?? = .some(nil)) throws -> TestResponse {
        try request(
            "POST", "/v1/schools/import\(query)", key: key, headers: [("Content-Type", "text/csv")],
            body: Array(csv.utf8))
    }

    /// Rows of a table, for checking what an operation wrote (or did not).
    func count(_ sql: String) throws -> Int {
        try app.services.database.read { db in try db.scalarInt(sql) ?? 0 }
    }
}

/// A GIAS extract in its real column layout, with an extra column GIAS has
/// and we ignore, so the tests also check that unknown columns are skipped.
enum GIASFile {
    static let header =
        "URN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),LA (name),GOR (name),"
        + "Trusts (code),Trusts (name),OfstedRating (name),NumberOfPupils,Postcode,StatutoryLowAge"

    static func row(
        _ urn: String, name: String = "Ash Primary School", phase: String = "Primary", region: String = "London",
        trustCode: String = "", trustName: String = "", rating: String = "Good", pupils: String = "420",
        postcode: String = "NW1 2AB"
    ) -> String {
        [urn, name, "Community school", phase, "Camden", region, trustCode, trustName, rating, pupils, postcode, "4"]
            .joined(separator: ",")
    }

    static func file(_ rows: [String], lineEnding: String = "\r\n") -> String {
        ([header] + rows).joined(separator: lineEnding) + lineEnding
    }
}

extension TestResponse {
    /// `(line, field)` of each import error.
    var importErrors: [ImportError] {
        json["errors"]?.array?.compactMap { error in
            guard let line = error["line"]?.int, let field = error["field"]?.string else { return nil }
            return ImportError(line: line, field: field)
        } ?? []
    }

    /// The URNs of a page of schools.
    var urns: [Int] { json["data"]?.array?.compactMap { $0["urn"]?.int } ?? [] }
}

struct ImportError: Equatable, CustomStringConvertible {
    var line: Int
    var field: String
    var description: String { "line \(line) \(field)" }
}
