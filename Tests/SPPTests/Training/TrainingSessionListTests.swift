import JSON
import SPP
import TestSupport
import Testing

@Suite struct TrainingSessionListTests {
    @Test func publicListShowsUpcomingSessionsSoonestFirstWithPlacesButNoAttendees() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let later = try training.session(capacity: 1, startsAt: "2027-01-20T09:00:00Z", endsAt: "2027-01-20T16:00:00Z")
        let sooner = try training.session(capacity: 1, startsAt: "2026-12-01T09:00:00Z", endsAt: "2026-12-01T16:00:00Z")
        let people = try training.people(2)
        try training.booked(later, people[0])
        try training.booked(later, people[1])
        server.clock.set("2026-12-01T09:00:00Z")  // `sooner` starts now: no longer upcoming
        try training.session(startsAt: "2026-12-05T09:00:00Z", endsAt: "2026-12-05T16:00:00Z")

        let response = try server.request("GET", "/v1/training-sessions", key: nil)
        #expect(response.status == 200)
        let data = try #require(response.json["data"]?.array)
        #expect(data.compactMap { $0["startsAt"]?.string } == ["2026-12-05T09:00:00Z", "2027-01-20T09:00:00Z"])
        #expect(!data.contains { $0["id"]?.int == sooner })
        #expect(data[1]["placesLeft"]?.int == 0)
        #expect(data[1]["waitlistLength"]?.int == 1)
        let fields: Set<String> = [
            "id", "course", "title", "startsAt", "endsAt", "location", "online", "capacity", "placesLeft",
            "waitlistLength", "status", "version", "createdAt", "updatedAt",
        ]
        for item in data {
            guard case .object(let object) = item else {
                Issue.record("not an object")
                continue
            }
            #expect(Set(object.keys) == fields)
        }
        #expect(!response.text.contains("personId") && !response.text.contains("@"))
    }

    @Test func fromAndToAreInclusiveDatesOnTheStartAndFromReachesPastSessions() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        for day in ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"] {
            try training.session(startsAt: "\(day)T00:00:00Z", endsAt: "\(day)T23:59:59Z")
        }
        server.clock.set("2026-12-03T12:00:00Z")
        let range = try server.request("GET", "/v1/training-sessions?from=2026-12-02&to=2026-12-03", key: nil)
        #expect(
            range.json["data"]?.array?.compactMap { $0["startsAt"]?.string } == [
                "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z",
            ])
        let untilFourth = try server.request("GET", "/v1/training-sessions?to=2026-12-04", key: nil)
        #expect(untilFourth.json["data"]?.array?.compactMap { $0["startsAt"]?.string } == ["2026-12-04T00:00:00Z"])
        let bad = try server.request("GET", "/v1/training-sessions?from=2026-13-01&hasPlaces=maybe&course=x", key: nil)
        #expect(bad.status == 422)
    }

    @Test func courseAndHasPlacesFilter() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let full = try training.session(course: "peer_reviewer", capacity: 1)
        let open = try training.session(course: "peer_reviewer", capacity: 1)
        let champion = try training.session(course: "improvement_champion", capacity: 3)
        let cancelled = try training.session(course: "peer_reviewer", capacity: 5)
        let people = try training.people(1)
        try training.booked(full, people[0])
        #expect(
            try server.request("PATCH", "/v1/training-sessions/\(cancelled)", json: #"{"status":"cancelled"}"#).status
                == 200)

        func ids(_ query: String) throws -> [Int] {
            try server.request("GET", "/v1/training-sessions?\(query)", key: nil).json["data"]?.array?.compactMap {
                $0["id"]?.int
            } ?? []
        }
        #expect(try ids("course=peer_reviewer") == [full, open, cancelled])
        #expect(try ids("hasPlaces=true") == [open, champion])
        #expect(try ids("hasPlaces=false") == [full, cancelled])
        #expect(try ids("course=improvement_champion&hasPlaces=true") == [champion])
        training.startSessions()  // started: still listed from a date, but no longer bookable
        #expect(try ids("from=2026-12-01&hasPlaces=true").isEmpty)
        #expect(try ids("from=2026-12-01&hasPlaces=false") == [full, open, champion, cancelled])
        #expect(try training.sessionJSON(cancelled)["placesLeft"]?.int == 0)
    }

    @Test func pagesFollowStartTimeThenIdAcrossCursors() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        var expected: [Int] = []
        for day in [3, 1, 2, 1, 3] {
            expected.append(
                try training.session(startsAt: "2026-12-0\(day)T09:00:00Z", endsAt: "2026-12-0\(day)T10:00:00Z"))
        }
        expected = [expected[1], expected[3], expected[2], expected[0], expected[4]]
        var seen: [Int] = []
        var path = "/v1/training-sessions?limit=2"
        while true {
            let page = try server.request("GET", path, key: nil)
            try #require(page.status == 200)
            seen += page.json["data"]?.array?.compactMap { $0["id"]?.int } ?? []
            guard let link = page.header("Link") else { break }
            #expect(link.hasSuffix("rel=\"next\""))
            path = String(link.dropFirst().prefix { $0 != ">" })
        }
        #expect(seen == expected)
        let forged = Cursor.encode(["yesterday", "x"])
        #expect(try server.request("GET", "/v1/training-sessions?cursor=\(forged)", key: nil).status == 422)
    }

    @Test func publicListHasAnETagForCaching() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        let id = try training.session(capacity: 3)
        let first = try server.request("GET", "/v1/training-sessions", key: nil)
        let etag = try #require(first.header("ETag"))
        let cached = try server.request("GET", "/v1/training-sessions", key: nil, headers: [("If-None-Match", etag)])
        #expect(cached.status == 304)
        #expect(cached.body.isEmpty)
        try training.booked(id, try training.people(1)[0])
        let changed = try server.request("GET", "/v1/training-sessions", key: nil, headers: [("If-None-Match", etag)])
        #expect(changed.status == 200)
        #expect(changed.json["data"]?[0]?["placesLeft"]?.int == 2)
    }

    @Test func csvListsEverySessionWithAHeaderRow() throws {
        let server = try TestServer()
        defer { server.stop() }
        let training = TrainingFixture(server)
        try training.session(title: "First")
        try training.session(title: "Second")
        let csv = try server.request(
            "GET", "/v1/training-sessions?limit=1", key: nil, headers: [("Accept", "text/csv")])
        #expect(csv.status == 200)
        let lines = csv.text.split(separator: "\r\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("id,course,title,startsAt,endsAt,location,online,capacity,placesLeft") == true)
    }
}
