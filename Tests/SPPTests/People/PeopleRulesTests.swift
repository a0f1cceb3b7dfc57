import JSON
import Testing

@testable import SPP

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

    /// What a page of people reads back from its `group_concat` columns:
    /// known roles once each, in declaration order; well-formed
    /// accreditations by course; anything else skipped.
    @Test func storedRolesAndAccreditationsAreReadFromTheirBytes() {
        func stored<T>(_ text: String, _ read: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            var text = text
            return text.withUTF8(read)
        }
        #expect(
            stored("peer_reviewer,headteacher,bogus,,headteacher,other ") { PersonRole.list(stored: $0) }
                == [.headteacher, .peerReviewer])
        #expect(stored("") { PersonRole.list(stored: $0) } == [])
        let accreditations = stored(
            "peer_reviewer 2025-01-02 2028-01-02,improvement_champion 2024-05-06 2027-05-06,"
                + "peer_reviewer 2024-13-01 2025-01-01,x y,,improvement_champion 2024-05-06"
        ) { Accreditation.list(stored: $0) }
        #expect(
            accreditations == [
                Accreditation(
                    course: "improvement_champion", completedOn: CivilDate(year: 2024, month: 5, day: 6)!,
                    validUntil: CivilDate(year: 2027, month: 5, day: 6)!),
                Accreditation(
                    course: "peer_reviewer", completedOn: CivilDate(year: 2025, month: 1, day: 2)!,
                    validUntil: CivilDate(year: 2028, month: 1, day: 2)!),
            ])
        #expect(stored("") { Accreditation.list(stored: $0) } == [])
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
