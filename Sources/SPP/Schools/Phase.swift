/// GIAS "PhaseOfEducation", as the API spells it (CONTRACT §3 "Schools").
/// Special schools and pupil referral units are types, usually with phase
/// `not_applicable`.
public enum Phase: String, CaseIterable, Sendable {
    case notApplicable = "not_applicable"
    case nursery
    case primary
    case middleDeemedPrimary = "middle_deemed_primary"
    case secondary
    case middleDeemedSecondary = "middle_deemed_secondary"
    case sixteenPlus = "sixteen_plus"
    case allThrough = "all_through"
}
