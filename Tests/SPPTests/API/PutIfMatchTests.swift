import TestSupport
import Testing

/// `If-Match` on the PUT routes (RFC 9110 §13.1.1), as on PATCH and DELETE: a
/// stale tag was ignored, and a PUT overwrote what the client had not seen.
@Suite struct PutIfMatchTests {
    @Test func nationalRatesHonourIfMatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let path = "/v1/outcomes/national-rates/2022"
        let body = #"{"improvedRate":0.7,"declinedRate":0.05,"source":"S","definition":"D"}"#
        // Nothing to match yet, not even `*`: nothing is created.
        #expect(try server.request("PUT", path, json: body, headers: [("If-Match", "*")]).status == 412)
        #expect(try server.request("GET", path).status == 404)
        #expect(try server.request("PUT", path, json: body).status == 200)
        let revised = #"{"improvedRate":0.71,"declinedRate":0.05,"source":"S","definition":"D"}"#
        #expect(try server.request("PUT", path, json: revised, headers: [("If-Match", #""1""#)]).status == 200)
        let stale = try server.request("PUT", path, json: body, headers: [("If-Match", #""1""#)])
        #expect(stale.status == 412)
        #expect(try server.request("GET", path).json["improvedRate"]?.number == 0.71)
    }

    @Test func membershipHonoursIfMatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let register = RegisterFixture(server: server)
        try register.school(100001)
        let id = try register.partnership()
        let path = "/v1/partnerships/\(id)/members/100001"
        let body = #"{"joinedOn":"2026-09-01"}"#
        #expect(try server.request("PUT", path, json: body, headers: [("If-Match", #""1""#)]).status == 412)
        #expect(try server.request("GET", path).status == 404)
        #expect(try server.request("PUT", path, json: body).status == 201)
        #expect(try server.request("PUT", path, json: body, headers: [("If-Match", #""2""#)]).status == 412)
        #expect(try server.request("PUT", path, json: body, headers: [("If-Match", #""1""#)]).status == 200)
    }

    @Test func theReviewTeamHonoursIfMatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let f = try ReviewFixture(server)
        let id = try f.review()
        let path = "/v1/reviews/\(id)/team/\(f.reviewerB)"
        let stale = try server.request("PUT", path, json: #"{"role":"reviewer"}"#, headers: [("If-Match", #""9""#)])
        #expect(stale.status == 412)
        #expect(try server.request("GET", "/v1/reviews/\(id)").json["team"]?.array?.isEmpty == true)
        let put = try server.request("PUT", path, json: #"{"role":"reviewer"}"#, headers: [("If-Match", #""1""#)])
        #expect(put.status == 201 && put.header("ETag") == #""2""#)
    }
}
