import JSON
import SQLiteStore

/// One member school's give and take of peer review in its partnership
/// (CONTRACT §3 "Partnerships": reciprocity): a school that hosts reviews but
/// never sends a reviewer is what this is here to show.
public struct Reciprocity: JSONEncodable, Equatable, Sendable {
    public var urn: Int
    public var name: String
    public var reviewsHosted: Int
    public var reviewerPlacesGiven: Int
    public var lastReviewedOn: CivilDate?
    public var reviewOverdue: Bool

    public var balance: Int { reviewerPlacesGiven - reviewsHosted }
    public var onlyReceives: Bool { reviewsHosted > 0 && reviewerPlacesGiven == 0 }

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("urn", urn)
        w.field("name", name)
        w.field("reviewsHosted", reviewsHosted)
        w.field("reviewerPlacesGiven", reviewerPlacesGiven)
        w.field("balance", balance)
        w.field("onlyReceives", onlyReceives)
        w.field("lastReviewedOn", lastReviewedOn?.description)
        w.field("reviewOverdue", reviewOverdue)
        w.endObject()
    }

    /// Counted: the partnership's reviews not cancelled whose visit starts in
    /// the range, and places by the school reviewers were at when they joined
    /// the team; reviewed: its latest review that reached `visit_complete`,
    /// even if cancelled since.
    static let query = """
        SELECT s.urn, s.name,
            (SELECT count(*) FROM reviews r WHERE r.partnership_id = m.partnership_id AND r.host_urn = s.urn
             AND r.status <> 'cancelled' AND r.visit_start BETWEEN ? AND ?),
            (SELECT count(*) FROM review_team t JOIN reviews r ON r.id = t.review_id
             WHERE r.partnership_id = m.partnership_id AND t.school_urn = s.urn
             AND r.status <> 'cancelled' AND r.visit_start BETWEEN ? AND ?),
            (SELECT max(r.visit_end) FROM reviews r
             WHERE r.partnership_id = m.partnership_id AND r.host_urn = s.urn AND r.visited = 1)
        FROM memberships m JOIN schools s ON s.urn = m.urn
        WHERE m.partnership_id = ? AND m.left_on IS NULL
        ORDER BY s.urn
        """
}

extension Reciprocity: CSVExportable {
    public static let csvColumns = [
        "urn", "name", "reviewsHosted", "reviewerPlacesGiven", "balance", "onlyReceives", "lastReviewedOn",
        "reviewOverdue",
    ]
}
