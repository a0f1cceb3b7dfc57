/// Where a peer review stands (CONTRACT §3 "Peer reviews"). It moves forward
/// one step at a time, or to `cancelled` from any state before `completed`.
public enum ReviewStatus: String, CaseIterable, Sendable {
    case planned
    case selfReview = "self_review"
    case visitScheduled = "visit_scheduled"
    case visitComplete = "visit_complete"
    case reported
    case workshopHeld = "workshop_held"
    case completed
    case cancelled

    static let sequence: [ReviewStatus] = [
        .planned, .selfReview, .visitScheduled, .visitComplete, .reported, .workshopHeld, .completed,
    ]

    /// The states this one may move to.
    var allowedNext: [ReviewStatus] {
        guard self != .completed, self != .cancelled, let index = Self.sequence.firstIndex(of: self) else { return [] }
        return [Self.sequence[index + 1], .cancelled]
    }

    var isClosed: Bool { self == .completed || self == .cancelled }

    /// Visit dates, team and facilitator are the planning; they are fixed once the visit took place.
    var plansVisit: Bool {
        !isClosed && Self.sequence.firstIndex(of: self)! < Self.sequence.firstIndex(of: .visitComplete)!
    }

    /// Findings are written from the visit on.
    var takesFindings: Bool { !isClosed && !plansVisit }
}
