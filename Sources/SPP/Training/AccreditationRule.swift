/// What attending a course does to a person's accreditation of its kind
/// (DOMAIN.md "Training and accreditation"). No public rule fixes how long
/// training stays valid; this system counts three years from the session date.
public enum AccreditationRule {
    public static let validYears = 3

    /// The accreditation after attending `course` on `date`, given the current
    /// one of the same kind; nil when nothing is granted (a refresher without
    /// the initial course). `completedOn` stays the first completion, and an
    /// attendance recorded out of order never shortens `validUntil`.
    public static func afterAttending(_ course: Course, on date: CivilDate, current: Accreditation?) -> Accreditation? {
        let until = date.adding(years: validYears)
        guard let current else {
            if course.isRefresher { return nil }
            return Accreditation(course: course.rawValue, completedOn: date, validUntil: until)
        }
        return Accreditation(
            course: current.course, completedOn: current.completedOn, validUntil: max(current.validUntil, until))
    }
}
