import SPP
import Testing

@Suite struct AccreditationRuleTests {
    @Test func eachRefresherRenewsItsOwnInitialCourse() {
        #expect(Course.improvementChampion.accreditation == .improvementChampion)
        #expect(Course.peerReviewer.accreditation == .peerReviewer)
        #expect(Course.improvementChampionRefresher.accreditation == .improvementChampion)
        #expect(Course.peerReviewerRefresher.accreditation == .peerReviewer)
        #expect(Course.allCases.filter(\.isRefresher) == [.improvementChampionRefresher, .peerReviewerRefresher])
    }

    @Test func initialCourseGrantsThreeYearsFromTheSessionDate() {
        let granted = AccreditationRule.afterAttending(.peerReviewer, on: date("2026-12-10"), current: nil)
        #expect(
            granted
                == Accreditation(
                    course: "peer_reviewer", completedOn: date("2026-12-10"), validUntil: date("2029-12-10")))
    }

    @Test func leapDayCourseIsValidUntilTheTwentyEighthOfFebruary() {
        let granted = AccreditationRule.afterAttending(.improvementChampion, on: date("2028-02-29"), current: nil)
        #expect(granted?.validUntil == date("2031-02-28"))
    }

    @Test func refresherExtendsToThreeYearsFromItsDateAndKeepsTheFirstCompletion() {
        let current = Accreditation(
            course: "peer_reviewer", completedOn: date("2023-05-01"), validUntil: date("2026-05-01"))
        let renewed = AccreditationRule.afterAttending(.peerReviewerRefresher, on: date("2026-03-15"), current: current)
        #expect(
            renewed
                == Accreditation(
                    course: "peer_reviewer", completedOn: date("2023-05-01"), validUntil: date("2029-03-15")))
    }

    @Test func refresherWithoutTheInitialCourseGrantsNothing() {
        #expect(
            AccreditationRule.afterAttending(.improvementChampionRefresher, on: date("2026-12-10"), current: nil) == nil
        )
    }

    @Test func olderAttendanceRecordedLateNeverShortensValidity() {
        let current = Accreditation(
            course: "peer_reviewer", completedOn: date("2023-05-01"), validUntil: date("2029-03-15"))
        let late = AccreditationRule.afterAttending(.peerReviewerRefresher, on: date("2025-01-10"), current: current)
        #expect(late == current)
        let retaken = AccreditationRule.afterAttending(.peerReviewer, on: date("2027-01-10"), current: current)
        #expect(retaken?.completedOn == date("2023-05-01"))
        #expect(retaken?.validUntil == date("2030-01-10"))
    }

    private func date(_ text: String) -> CivilDate { CivilDate(text)! }
}
