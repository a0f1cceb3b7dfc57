import Testing

@testable import SPP

@Suite struct GIASVocabularyTests {
    @Test func everyGIASPhaseMapsToOnePhaseIgnoringCase() {
        let expected: [String: Phase] = [
            "Not applicable": .notApplicable, "Nursery": .nursery, "Primary": .primary,
            "Middle deemed primary": .middleDeemedPrimary, "Secondary": .secondary,
            "Middle deemed secondary": .middleDeemedSecondary, "16 plus": .sixteenPlus, "All-through": .allThrough,
            "All through": .allThrough, "ALL THROUGH": .allThrough, "primary": .primary,
        ]
        for (text, phase) in expected { #expect(GIASVocabulary.phase(text) == phase, "\(text)") }
        #expect(Set(GIASVocabulary.phaseNames.compactMap(GIASVocabulary.phase)) == Set(Phase.allCases))
        for unknown in ["", "Infant", "Primary school", "16+"] { #expect(GIASVocabulary.phase(unknown) == nil) }
    }

    @Test func everyGIASRegionMapsToOneRegionIgnoringCase() {
        #expect(GIASVocabulary.region("Wales (pseudo)") == .wales)
        #expect(GIASVocabulary.region("Not Applicable") == .notApplicable)
        #expect(GIASVocabulary.region("not applicable") == .notApplicable)
        #expect(GIASVocabulary.region("Yorkshire and The Humber") == .yorkshireAndTheHumber)
        #expect(GIASVocabulary.region("East of England") == .eastOfEngland)
        #expect(Set(GIASVocabulary.regionNames.compactMap(GIASVocabulary.region)) == Set(Region.allCases))
        for unknown in ["", "Scotland", "North"] { #expect(GIASVocabulary.region(unknown) == nil) }
    }

    @Test func ofstedRatingsMapToGradesAndAnythingElseToNoGrade() {
        let expected: [String: Int?] = [
            "Outstanding": 1, "Good": 2, "Requires improvement": 3, "Requires Improvement": 3, "Inadequate": 4,
            "Serious Weaknesses": 4, "Special Measures": 4, "": nil, "Insufficient evidence": nil,
            "Not applicable": nil, "Exceptional": nil,
        ]
        for (rating, grade) in expected { #expect(GIASVocabulary.ofstedGrade(rating) == grade, "\(rating)") }
    }

    @Test func companiesHouseNumbersAreEightCharacters() {
        for number in ["08123456", "SC123456", "NI012345"] { #expect(Trust.isCompaniesHouseNumber(number)) }
        for number in ["8123456", "081234567", "sc123456", "SC12345A", "0812 456", ""] {
            #expect(!Trust.isCompaniesHouseNumber(number), "\(number)")
        }
    }
}
