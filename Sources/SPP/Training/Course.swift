/// The four SPP courses (CONTRACT §3). Two are initial courses, each of which
/// grants an accreditation of its own kind; the other two are their refreshers.
public enum Course: String, CaseIterable, Sendable {
    case improvementChampion = "improvement_champion"
    case peerReviewer = "peer_reviewer"
    case improvementChampionRefresher = "improvement_champion_refresher"
    case peerReviewerRefresher = "peer_reviewer_refresher"

    /// The kind of accreditation the course grants or renews: its initial course.
    public var accreditation: Course {
        switch self {
        case .improvementChampion, .improvementChampionRefresher: .improvementChampion
        case .peerReviewer, .peerReviewerRefresher: .peerReviewer
        }
    }

    /// A refresher renews an accreditation; it needs the initial course first (DOMAIN.md).
    public var isRefresher: Bool { self != accreditation }
}
