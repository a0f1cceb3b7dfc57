import CSV
import JSON
import SPP
import TestSupport
import Testing

/// The CSV form of every list (CONTRACT §1): a header of the JSON field names,
/// nested objects flattened as `parent.child`, the same columns in every export.
@Suite struct CSVExportTests {
    private static let lists: [(path: String, columns: [String])] = [
        ("/v1/api-keys", APIKey.csvColumns), ("/v1/audit", AuditEntry.csvColumns),
        ("/v1/changes", Change.csvColumns), ("/v1/partnerships", Partnership.csvColumns),
        ("/v1/people", Person.csvColumns), ("/v1/training-sessions", TrainingSession.csvColumns),
        ("/v1/reviews", Review.csvColumns), ("/v1/schools", School.csvColumns), ("/v1/trusts", Trust.csvColumns),
    ]

    /// An export that matches nothing is still a file a script can read by column.
    @Test func anEmptyListHasItsHeader() throws {
        let server = try TestServer()
        defer { server.stop() }
        for (path, columns) in Self.lists where path != "/v1/api-keys" && path != "/v1/audit" {
            let response = try server.request("GET", path, headers: [("Accept", "text/csv")])
            #expect(response.status == 200)
            #expect(try CSVReader.readAll(response.body).map(\.fields) == [columns], "\(path)")
        }
    }

    /// On the demo data, with every nested object set somewhere: each list's CSV
    /// has exactly its declared header, one row per JSON item, and every field
    /// of the JSON under its column. A field added to a resource but not to its
    /// columns, or a misspelt column, fails here.
    @Test func everyListsColumnsMatchItsJSON() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try DemoData.seed(server.app.services.database, clock: server.clock))
        let urn = try #require(try server.request("GET", "/v1/schools?limit=1").json["data"]?[0]?["urn"]?.int)
        for body in [
            #"{"inspectedOn":"2025-02-11","framework":"graded_2024","keyJudgements":{"qualityOfEducation":2,"#
                + #""behaviourAndAttitudes":1,"personalDevelopment":2,"leadershipAndManagement":3}}"#,
            #"{"inspectedOn":"2026-01-20","framework":"report_card_2025","reportCard":{"inclusion":"strong_standard","#
                + #""curriculumAndTeaching":"expected_standard","achievement":"needs_attention","#
                + #""attendanceAndBehaviour":"exceptional","personalDevelopmentAndWellbeing":"expected_standard","#
                + #""leadershipAndGovernance":"urgent_improvement","safeguarding":"met"}}"#,
        ] {
            #expect(try server.request("POST", "/v1/schools/\(urn)/inspections", json: body).status == 201)
        }
        #expect(
            try server.request("POST", "/v1/api-keys", json: #"{"name":"t","role":"trust","scope":1}"#).status == 201)
        // A school that left partnership 1 (not the host of its review), and a waitlist on session 1.
        let member = try #require(try rows(server, "/v1/partnerships/1/members").last?["urn"]?.int)
        #expect(try server.request("DELETE", "/v1/partnerships/1/members/\(member)").status == 204)
        let session = try server.request("GET", "/v1/training-sessions/1").json
        let taken = (session["capacity"]?.int ?? 0) - (session["placesLeft"]?.int ?? 0)
        _ = try server.request("PATCH", "/v1/training-sessions/1", json: #"{"capacity":\#(max(taken, 1))}"#)
        var waitlisted = false
        for person in try rows(server, "/v1/people").compactMap({ $0["id"]?.int }) where !waitlisted {
            let booking = try server.request(
                "POST", "/v1/training-sessions/1/bookings", json: #"{"personId":\#(person)}"#)
            waitlisted = booking.json["status"]?.string == "waitlisted"
        }
        #expect(waitlisted)

        let reviews = try rows(server, "/v1/reviews")
        let reviewIDs = reviews.compactMap { $0["id"]?.int }
        let reviewed = try #require(
            reviews.first { $0["status"]?.string == "completed" }?["partnershipId"]?.int, "a completed review")
        var lists =
            Self.lists + [
                ("/v1/partnerships/1/members?includePast=true", Membership.csvColumns),
                ("/v1/partnerships/\(reviewed)/reciprocity", Reciprocity.csvColumns),
                ("/v1/training-sessions/1/bookings", Booking.csvColumns),
                ("/v1/schools/\(urn)/inspections", Inspection.csvColumns),
            ]
        lists += reviewIDs.map { ("/v1/reviews/\($0)/actions", ReviewAction.csvColumns) }
        var actionColumnsSeen = Set<String>()
        for (path, columns) in lists {
            let items = try rows(server, path)
            let csv = try server.request("GET", path, headers: [("Accept", "text/csv")])
            #expect(csv.status == 200, "\(path)")
            let records = try CSVReader.readAll(csv.body).map(\.fields)
            #expect(records.first == columns, "\(path)")
            #expect(records.count == items.count + 1, "\(path)")
            var seen = Set<String>()
            for (item, record) in zip(items, records.dropFirst()) {
                let cells = Dictionary(uniqueKeysWithValues: zip(columns, record))
                for (name, value) in Self.flattened(item) {
                    if value != .null { seen.insert(name) }
                    if case .null = value, columns.contains(where: { $0.hasPrefix(name + ".") }) {
                        #expect(columns.filter { $0.hasPrefix(name + ".") }.allSatisfy { cells[$0] == "" }, "\(path)")
                        continue
                    }
                    #expect(cells[name] != nil, "\(path): \(name) has no column")
                    switch value {
                    case .string(let text): #expect(cells[name] == text, "\(path): \(name)")
                    case .integer(let number): #expect(cells[name] == String(number), "\(path): \(name)")
                    case .null: #expect(cells[name] == "", "\(path): \(name)")
                    case .bool(let flag): #expect(cells[name] == String(flag), "\(path): \(name)")
                    case .double(let number): #expect(Double(cells[name] ?? "") == number, "\(path): \(name)")
                    case .array:
                        let json = try JSONParser.parse(Array((cells[name] ?? "").utf8))
                        #expect(json == value, "\(path): \(name)")
                    case .object: Issue.record("\(path): \(name) was not flattened")
                    }
                }
            }
            if path.hasSuffix("/actions") {
                actionColumnsSeen.formUnion(seen)
            } else {
                #expect(
                    Set(columns).subtracting(seen).isEmpty, "\(path): never filled \(Set(columns).subtracting(seen))")
            }
        }
        #expect(Set(ReviewAction.csvColumns).subtracting(actionColumnsSeen).isEmpty)
    }

    /// Every item of a list, following `nextCursor` (or the feed's `nextSince`).
    private func rows(_ server: TestServer, _ path: String) throws -> [JSONValue] {
        var items: [JSONValue] = []
        var next = path
        while true {
            let page = try server.request("GET", next).json
            let data = page["data"]?.array ?? []
            items += data
            if let cursor = page["nextCursor"]?.string {
                next = path + (path.contains("?") ? "&" : "?") + "cursor=" + cursor
            } else if let since = page["nextSince"]?.int, !data.isEmpty {
                next = path + (path.contains("?") ? "&" : "?") + "since=\(since)"
            } else {
                return items
            }
        }
    }

    /// An item's fields as CSV names them: nested objects as `parent.child`.
    private static func flattened(_ value: JSONValue, prefix: String = "") -> [(String, JSONValue)] {
        guard case .object(let object) = value else { return [(prefix, value)] }
        return object.keys.flatMap { key in
            flattened(object[key]!, prefix: prefix.isEmpty ? key : "\(prefix).\(key)")
        }
    }
}
