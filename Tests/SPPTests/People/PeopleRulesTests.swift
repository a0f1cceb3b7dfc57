import JSON
import SPP
import Testing

@Suite struct PeopleRulesTests {
    @Test(arguments: ["ada@school.example", "a.b+c@mail.school.org.uk", "o'neil@x.co"])
    func plausibleEmailsPass(_ email: String) {
        #expect(EmailAddress.isPlausible(email))
    }

    @Test(arguments: [
        "", "ada", "ada@", "@school.uk", "ada@school", "a@b@c.uk", "a b@c.uk", "ada@school..uk",
        "ada@.school.uk", "ada@school.uk.", "ada@-school.uk", "ada@school\t.uk",
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
