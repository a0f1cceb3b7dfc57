import Testing

@testable import SPP

/// The extract's row rules, without a server.
@Suite struct GIASExtractTests {
    private func extract(_ rows: [String]) -> GIASExtract { GIASExtract(csv: Array(GIASFile.file(rows).utf8)) }

    @Test func cellsAreTrimmedAndColumnsFoundByNameInAnyOrder() throws {
        let csv =
            "Postcode, URN ,GOR (name),LA (name),PhaseOfEducation (name),TypeOfEstablishment (name),"
            + "EstablishmentName,Trusts (code),Trusts (name),OfstedRating (name),NumberOfPupils\n"
            + " E1 6AN ,100001, London ,Camden,Primary,Community school, Ash School ,,, good ,  \n"
        let extract = GIASExtract(csv: Array(csv.utf8))
        #expect(extract.issues.isEmpty)
        let row = try #require(extract.rows.first)
        #expect(row.urn == 100001)
        #expect(row.name == "Ash School")
        #expect(row.postcode == "E1 6AN")
        #expect(row.region == .london)
        #expect(row.ofstedGrade == 2)
        #expect(row.pupils == nil)
        #expect(row.trust == nil)
    }

    @Test func aTrustNeedsBothItsCodeAndItsName() {
        let extract = extract([
            GIASFile.row("100001", trustName: "Oak"), GIASFile.row("100002", trustCode: "1"),
            GIASFile.row("100003", trustCode: "123456789012345678901", trustName: "Oak"),
        ])
        #expect(extract.issues.map(\.field) == ["Trusts (code)", "Trusts (name)", "Trusts (code)"])
        #expect(extract.issues.map(\.line) == [2, 3, 4])
        #expect(extract.rows.isEmpty)
    }

    @Test func pupilsAreWholeNumbersUpTo100000() {
        let extract = extract(
            ["0", "100000", "100001", "-1", "1.5", "12 "].enumerated().map { index, pupils in
                GIASFile.row(String(100001 + index), pupils: pupils)
            })
        #expect(extract.rows.map(\.pupils) == [0, 100000, 12])
        #expect(extract.issues.map(\.line) == [4, 5, 6])
        #expect(extract.issues.allSatisfy { $0.field == "NumberOfPupils" })
    }

    /// Measured in the Unicode scalars the schema's CHECK counts: 150 letters
    /// each with a combining mark are 300, over the 200 a name may have.
    @Test func aNameIsMeasuredAsTheSchemaMeasuresIt() {
        let extract = extract([
            GIASFile.row("100001", name: String(repeating: "e\u{301}", count: 100)),
            GIASFile.row("100002", name: String(repeating: "e\u{301}", count: 150)),
        ])
        #expect(extract.rows.map(\.urn) == [100001])
        #expect(extract.issues.map(\.line) == [3])
        #expect(extract.issues.map(\.field) == ["EstablishmentName"])
    }

    @Test func aSyntaxErrorEndsTheReadingButKeepsEarlierProblems() {
        let csv = GIASFile.file([GIASFile.row("1"), #"100002,Ash "School",x"#, GIASFile.row("3")])
        let extract = GIASExtract(csv: Array(csv.utf8))
        #expect(extract.issues.map(\.line) == [2, 3])
        #expect(extract.issues.last?.message.contains("quote") == true)
    }
}
