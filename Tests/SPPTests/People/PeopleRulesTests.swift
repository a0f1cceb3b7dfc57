import JSON
import SPP
import Testing

@Suite struct PeopleRulesTests {
    @Test(arguments: ["ada@school.example", "a.b+c@mail.school.org.uk", "o'neil@x.co", "zoë@école.fr", "李@例え.jp"])
    func plausibleEmailsPass(_ email: String) {
        #expect(EmailAddress.isPlausible(email))
    }

    @Test(arguments: [
        "", "ada", "ada@", "@school.uk", "ada@school", "a@b@c.uk", "a b@c.uk", "ada@school..uk",
        "ada@.school.uk", "ada@school.uk.", "ada@-school.uk", "ada@school\t.uk", "ada\u{7F}@school.uk",
        "zoë\u{00A0}x@école.fr", "李\u{3000}@例え.jp", "zoë@école\u{2028}.fr", "ada@school-.uk",
        String(repeating: "x", count: 65) + "@school.uk",
    ])
    func implausibleEmailsFail(_ email: String) {
        #expect(!EmailAddress.isPlausible(email))
    }

    @Test func rolesAreReadInDeclarationOrder() {
        let parsed = PersonRole.list(from: [.string("peer_reviewer"), .string("headteacher")], field: "roles")
        #expect(parsed.roles == [.headteacher, .peerReviewer])
        #expect(parsed.errors.isEmpty)
    }

    @Test func eachBadOrRepeatedRoleIsReportedAtItsIndex() {
        let parsed = PersonRole.list(
            from: [.string("other"), .integer(3), .string("other"), .string("boss")], field: "roles")
        #expect(parsed.errors.map(\.field) == ["roles[1]", "roles[2]", "roles[3]"])
        #expect(parsed.errors[1].message.contains("once"))
    }
}
