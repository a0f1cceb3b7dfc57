import SQLiteStore

/// The Ofsted grade a school shows (CONTRACT §3): its latest inspection with
/// an overall grade, else the `OfstedRating` of the GIAS import, else none.
///
/// It is stored in `schools.ofsted_grade`, rather than worked out on every
/// read, so that lists filter and page on it through an index. Whatever
/// changes one of its sources (the import, inspections) calls `refresh` in
/// the same transaction.
public enum SchoolGrades {
    /// The latest inspection with an overall grade (only the pre-2024
    /// framework has one), in front of the imported rating.
    static let effectiveGrade = """
        coalesce((SELECT i.overall_grade FROM inspections i WHERE i.urn = schools.urn AND i.overall_grade IS NOT NULL
                  ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1), gias_ofsted_grade)
        """

    /// Recomputes the school's grade; true when it changed. The school's
    /// representation changes with it, so a caller that has not already bumped
    /// the school's `version` in this transaction does so (and records the
    /// change) when this returns true.
    @discardableResult
    public static func refresh(_ db: Connection, urn: Int) throws -> Bool {
        try db.run(
            "UPDATE schools SET ofsted_grade = \(effectiveGrade) WHERE urn = ? AND ofsted_grade IS NOT \(effectiveGrade)",
            [urn]) == 1
    }
}
