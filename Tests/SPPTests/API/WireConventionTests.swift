import SPP
import TestSupport
import Testing

/// CONTRACT §1 conventions that hold for every route.
@Suite struct WireConventionTests {
    @Test func unknownPathIsProblem404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("GET", "/v1/nothing-here")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.json["title"]?.string == "Not Found")
        #expect(response.json["detail"]?.string != nil)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("PUT", "/v1/api-keys", json: "{}")
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET, HEAD, OPTIONS, POST")
    }

    @Test func optionsAnswersAllow() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("OPTIONS", "/v1/api-keys")
        #expect(response.status == 204)
        #expect(response.header("Allow") == "GET, HEAD, OPTIONS, POST")
        // Asterisk-form asks about the server as a whole (RFC 9110 §9.3.7); it was a 404.
        let whole = try server.request("OPTIONS", "*", key: nil)
        #expect(whole.status == 204)
        #expect(whole.header("Allow") == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
        #expect(try server.request("OPTIONS", "/*", key: nil).status == 404)
    }

    @Test func getCarriesETagAndMatchingIfNoneMatchIs304() throws {
        let server = try TestServer()
        defer { server.stop() }
        let first = try server.request("GET", "/v1/api-keys")
        let etag = try #require(first.header("ETag"))
        let second = try server.request("GET", "/v1/api-keys", headers: [("If-None-Match", etag)])
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        #expect(second.header("ETag") == etag)
        let weak = try server.request("GET", "/v1/api-keys", headers: [("If-None-Match", "W/\(etag)")])
        #expect(weak.status == 304)
        let other = try server.request("GET", "/v1/api-keys", headers: [("If-None-Match", "\"nope\"")])
        #expect(other.status == 200)
    }

    @Test func headMirrorsGetWithoutBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let get = try server.request("GET", "/healthz", key: nil)
        let head = try server.request("HEAD", "/healthz", key: nil)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(get.body.count))
        #expect(head.header("ETag") == get.header("ETag"))
    }

    @Test func wrongMediaTypeIs415() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request(
            "POST", "/v1/api-keys", json: #"{"name":"x","role":"admin"}"#, headers: [("Content-Type", "text/plain")])
        #expect(response.status == 415)
        let latin1 = try server.request(
            "POST", "/v1/api-keys", json: #"{"name":"x","role":"admin"}"#,
            headers: [("Content-Type", "application/json; charset=iso-8859-1")])
        #expect(latin1.status == 415)
        let utf8 = try server.request(
            "POST", "/v1/api-keys", json: #"{"name":"x","role":"admin"}"#,
            headers: [("Content-Type", "application/json; charset=UTF-8")])
        #expect(utf8.status == 201)
        let quoted = try server.request(
            "POST", "/v1/api-keys", json: #"{"name":"y","role":"admin"}"#,
            headers: [("Content-Type", " Application/JSON ;boundary=x; Charset = \"utf-8\"")])
        #expect(quoted.status == 201)
        // No media type before the parameters, or a charset with no value: 415.
        for unnamed in ["application/jsonx", ";application/json", "application/json; charset="] {
            let response = try server.request(
                "POST", "/v1/api-keys", json: #"{"name":"z","role":"admin"}"#, headers: [("Content-Type", unnamed)])
            #expect(response.status == 415, "\(unnamed)")
        }
    }

    /// Every request header the API reads, with values built from its
    /// separators, empty pieces and non-ASCII marks: `Accept: ;` once crashed
    /// the server. Each answer must be a client error or a success, never a
    /// 5xx or a dead server.
    @Test func oddValuesInTheHeadersTheAPIReadsAreNeverAServerError() throws {
        let server = try TestServer()
        defer { server.stop() }
        let names = [
            "Accept", "Content-Type", "If-None-Match", "If-Match", "Origin", "X-Request-Id", "Idempotency-Key",
            "Access-Control-Request-Method", "Access-Control-Request-Headers",
        ]
        let values = [
            ";", ",", "", " ;, ", "\"", "W/", "=;=", "*,\u{301}", "é;é", ";;text/csv", "charset=", "\"\"", "W/\"1\",",
        ]
        for name in names {
            for value in values {
                let requests: [(String, String, String?)] = [
                    ("GET", "/v1/schools?limit=1", nil), ("GET", "/v1/people/1", nil), ("OPTIONS", "/v1/schools", nil),
                    ("POST", "/v1/api-keys", #"{"name":"odd","role":"admin"}"#),
                ]
                for (method, path, json) in requests {
                    let response = try server.request(method, path, json: json, headers: [(name, value)])
                    #expect(response.status < 500, "\(method) \(path) with \(name): \(value.debugDescription)")
                }
            }
        }
        #expect(try server.request("GET", "/healthz", key: nil).status == 200)
    }

    @Test(arguments: [#"{"name":"#, "[1,2", "{\"a\":1}}", "nul\u{0}"])
    func malformedJSONIs400(body: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.request("POST", "/v1/api-keys", json: body)
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func jsonThatIsNotAnObjectIs422() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try server.request("POST", "/v1/api-keys", json: "[1]").status == 422)
    }

    @Test func limitOutsideRangeIs422AndBadCursorIs422() throws {
        let server = try TestServer()
        defer { server.stop() }
        for limit in ["0", "501", "abc", "-1"] {
            let response = try server.request("GET", "/v1/api-keys?limit=\(limit)")
            #expect(response.status == 422)
            #expect(response.errorFields == ["limit"])
        }
        #expect(try server.request("GET", "/v1/api-keys?limit=500").status == 200)
        #expect(try server.request("GET", "/v1/api-keys?cursor=%%%").status == 400)
        #expect(try server.request("GET", "/v1/api-keys?cursor=bm9wZQ").errorFields == ["cursor"])
        // Well-formed, but not a keyset of these lists: once read as the first page.
        let forged = Cursor.encode(["x"])
        for path in ["/v1/api-keys", "/v1/schools", "/v1/trusts", "/v1/partnerships/1/members"] {
            #expect(try server.request("GET", "\(path)?cursor=\(forged)").errorFields == ["cursor"], "\(path)")
        }
        let anotherLists = Cursor.encode(["2026-11-28T09:30:00Z", "1"])
        #expect(try server.request("GET", "/v1/schools?cursor=\(anotherLists)").errorFields == ["cursor"])
    }

    /// `limit=1&limit=2` once gave one row, and `dryRun=true&dryRun=false`
    /// ran as a dry run: the first value won without a word.
    @Test func aParameterGivenTwiceIs422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let list = try server.request("GET", "/v1/api-keys?limit=1&limit=2")
        #expect(list.status == 422 && list.errorFields == ["limit"])
        let file = GIASFile.file([GIASFile.row("100001")])
        let importing = try server.importSchools(file, query: "?dryRun=true&dryRun=false")
        #expect(importing.status == 422 && importing.errorFields == ["dryRun"])
        #expect(try server.request("GET", "/v1/schools/100001").status == 404)
        #expect(
            try server.request("GET", "/v1/training-sessions?hasPlaces=true&hasPlaces=true", key: nil).status == 422)
    }

    /// An id is written one way: `/v1/trusts/01` once reached trust 1, a
    /// second URL (and cache entry) for the same resource.
    @Test func anIdNotWrittenAsTheAPIWritesItIs404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let trust = try server.createTrust()
        #expect(try server.request("GET", "/v1/trusts/\(trust)").status == 200)
        for id in ["0\(trust)", "+\(trust)", "%2B\(trust)", "00\(trust)", "0", "-\(trust)", "\(trust).0", "1e0"] {
            #expect(try server.request("GET", "/v1/trusts/\(id)").status == 404, "\(id)")
        }
    }

    /// A misspelt option or filter was ignored: `dryrun=true` imported for
    /// real, and `trustid=1` listed every school.
    @Test func aQueryParameterTheRouteDoesNotTakeIs422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let file = GIASFile.file([GIASFile.row("100001")])
        let importing = try server.importSchools(file, query: "?dryrun=true")
        #expect(importing.status == 422 && importing.errorFields == ["dryrun"])
        #expect(importing.json["errors"]?[0]?["message"]?.string == "is not a query parameter; this route takes dryRun")
        #expect(try server.request("GET", "/v1/schools/100001").status == 404)

        let list = try server.request("GET", "/v1/schools?trustid=1&region=london&x=1&x=2")
        #expect(list.status == 422 && list.errorFields == ["trustid", "x"])
        #expect(try server.request("GET", "/v1/schools?trustId=1&region=london").status == 200)
        let one = try server.request("GET", "/v1/trusts/1?fields=name")
        #expect(one.status == 422)
        #expect(one.json["errors"]?[0]?["message"]?.string == "is not a query parameter; this route takes none")
        // The route, the key and the rate limit are checked first, as for any other 4xx.
        #expect(try server.request("GET", "/v1/schools?x=1", key: nil).status == 401)
        #expect(try server.request("GET", "/v1/nothing?x=1").status == 404)
    }

    /// A probe held 1,500 connections, each with most of a 1 MiB body for
    /// `POST /v1/trusts` and no key, dripping a byte every few seconds: 1.5 GB
    /// resident. A caller without a key is now answered before any body; one
    /// with an unknown key before a body over 8 KiB (or a chunked one).
    @Test func aBodyIsNotReadForACallerTheRouteWouldRefuse() throws {
        let server = try TestServer()
        defer { server.stop() }
        for (authorization, framing) in [
            ("", "Content-Length: 1000000"), ("", "Content-Length: 10"),
            ("Authorization: Bearer spp_unknown\r\n", "Content-Length: 8193"),
            ("Authorization: Bearer spp_unknown\r\n", "Transfer-Encoding: chunked"),
        ] {
            let client = try RawHTTPClient(port: server.port)
            try client.send(
                "POST /v1/trusts HTTP/1.1\r\nHost: t\r\n\(authorization)Content-Type: application/json\r\n"
                    + "\(framing)\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 401, "\(authorization)\(framing)")
            #expect(try client.isClosedByPeer())
        }
        // Where nothing reads a body (a GET, a path without a route), one over
        // 8 KiB is a 413 unread, whoever sends it.
        for (request, authorization) in [
            ("GET /healthz", ""), ("POST /v1/nothing", ""),
            ("GET /v1/schools", "Authorization: Bearer \(server.adminKey)\r\n"),
        ] {
            let client = try RawHTTPClient(port: server.port)
            try client.send("\(request) HTTP/1.1\r\nHost: t\r\n\(authorization)Content-Length: 1000000\r\n\r\n")
            #expect(try client.readResponse().status == 413, "\(request)")
        }
        // A small body with a key is read as usual: the connection stays open
        // for the next request. So is a large one with a valid key.
        let small = try RawHTTPClient(port: server.port)
        try small.send(
            "POST /v1/trusts HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer spp_unknown\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        #expect(try small.readResponse().status == 401)
        try small.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try small.readResponse().status == 200)
        let name = String(repeating: "x", count: 100_000)
        let large = try server.request("POST", "/v1/trusts", json: #"{"name":"\#(name)"}"#)
        #expect(large.status == 422 && large.errorFields == ["name"])
    }

    /// The first of two keys once decided: valid then bogus was 200, bogus
    /// then valid 401.
    @Test func twoAuthorizationHeadersAre400() throws {
        let server = try TestServer()
        defer { server.stop() }
        for pair in [(server.adminKey, "spp_bogus"), ("spp_bogus", server.adminKey)] {
            let response = try server.request(
                "GET", "/v1/api-keys", key: nil,
                headers: [("Authorization", "Bearer \(pair.0)"), ("Authorization", "Bearer \(pair.1)")])
            #expect(response.status == 400)
        }
    }

    /// `from` after `to` asks for nothing, surely by mistake; it once got an
    /// empty 200.
    @Test func aDateRangeThatEndsBeforeItStartsIs422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let range = "from=2026-11-30&to=2026-11-29"
        for path in ["/v1/audit?\(range)", "/v1/reviews?\(range)", "/v1/training-sessions?\(range)"] {
            let response = try server.request("GET", path)
            #expect(response.status == 422 && response.errorFields == ["to"], "\(path)")
        }
        #expect(try server.request("GET", "/v1/audit?from=2026-11-29&to=2026-11-29").status == 200)
    }

    @Test func listsPageWithCursorAndLinkHeader() throws {
        let server = try TestServer()
        defer { server.stop() }
        for i in 0..<4 { _ = try server.request("POST", "/v1/api-keys", json: #"{"name":"k\#(i)","role":"admin"}"#) }
        let first = try server.request("GET", "/v1/api-keys?limit=2")
        let cursor = try #require(first.json["nextCursor"]?.string)
        let link = try #require(first.header("Link"))
        #expect(link == "</v1/api-keys?limit=2&cursor=\(cursor)>; rel=\"next\"")
        let second = try server.request("GET", "/v1/api-keys?limit=2&cursor=\(cursor)")
        let third = try server.request("GET", String(link.dropFirst().prefix { $0 != ">" }))
        #expect(second.json["data"]?[0]?["id"]?.int == 3)
        #expect(second.text == third.text)
        let last = try server.request(
            "GET", "/v1/api-keys?limit=2&cursor=\(try #require(second.json["nextCursor"]?.string))")
        #expect(last.json["data"]?.array?.count == 1)
        #expect(last.json["nextCursor"] == .null)
        #expect(last.header("Link") == nil)
    }

    @Test func listsAnswerCSV() throws {
        let server = try TestServer()
        defer { server.stop() }
        for i in 0..<3 { _ = try server.request("POST", "/v1/api-keys", json: #"{"name":"k, \#(i)","role":"admin"}"#) }
        let response = try server.request("GET", "/v1/api-keys?limit=1", headers: [("Accept", "text/csv")])
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/csv; charset=utf-8")
        let lines = response.text.split(separator: "\r\n")
        #expect(lines.first == "id,name,role,scope,createdAt,lastUsedAt")
        #expect(lines.count == 5)
        #expect(lines[2].hasPrefix("2,\"k, 0\",admin,,"))
    }

    @Test func requestIdIsEchoedOrGenerated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let echoed = try server.request("GET", "/healthz", key: nil, headers: [("X-Request-Id", "abc-123")])
        #expect(echoed.header("X-Request-Id") == "abc-123")
        let generated = try server.request("GET", "/healthz", key: nil)
        #expect((generated.header("X-Request-Id") ?? "").count > 4)
    }
}
