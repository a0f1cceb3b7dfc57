/// The Ofsted framework an inspection was made under (DOMAIN "Evaluation
/// outcomes and Ofsted"). Each has its own scale and its own dates, and their
/// results cannot be compared with each other.
public enum InspectionFramework: String, CaseIterable, Sendable {
    /// Until 1 September 2024: an overall grade 1-4, optional key judgements.
    case gradedPre2024 = "graded_pre_2024"
    /// 2024/25: the four key judgements only.
    case graded2024 = "graded_2024"
    /// From 10 November 2025: a report card.
    case reportCard2025 = "report_card_2025"
    /// Any date: no grade of any kind.
    case ungraded

    /// The inspection dates the framework was in use, inclusive.
    var period: (first: CivilDate?, last: CivilDate?) {
        switch self {
        case .gradedPre2024: (nil, CivilDate(year: 2024, month: 9, day: 1))
        case .graded2024: (CivilDate(year: 2024, month: 9, day: 2), CivilDate(year: 2025, month: 11, day: 9))
        case .reportCard2025: (CivilDate(year: 2025, month: 11, day: 10), nil)
        case .ungraded: (nil, nil)
        }
    }

    func covers(_ date: CivilDate) -> Bool {
        if let first = period.first, date < first { return false }
        if let last = period.last, last < date { return false }
        return true
    }

    var periodDescription: String {
        switch period {
        case (nil, let last?): "on or before \(last)"
        case (let first?, nil): "on or after \(first)"
        case (let first?, let last?): "from \(first) to \(last)"
        case (nil, nil): "any date"
        }
    }
}
