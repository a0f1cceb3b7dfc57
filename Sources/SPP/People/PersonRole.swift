import JSON

/// The SPP roles a person can hold (DOMAIN.md); a person may hold several.
public enum PersonRole: String, CaseIterable, Sendable {
    case headteacher
    case partnershipLead = "partnership_lead"
    case improvementChampion = "improvement_champion"
    case peerReviewer = "peer_reviewer"
    case other

    /// Reads a `roles` array: every item must be a known role, named once.
    /// Each bad item is reported on its own (`roles[2]`), so a client can fix
    /// them all at once. The roles come back in declaration order, so the same
    /// set always reads the same way.
    public static func list(from items: [JSONValue], field: String) -> (roles: [PersonRole], errors: [FieldError]) {
        var chosen = Set<PersonRole>()
        var errors: [FieldError] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, let role = PersonRole(rawValue: text) else {
                errors.append(FieldError(field: "\(field)[\(index)]", message: "must be one of: \(allowedValues)"))
                continue
            }
            if !chosen.insert(role).inserted {
                errors.append(FieldError(field: "\(field)[\(index)]", message: "repeats \(text); list each role once"))
            }
        }
        return (allCases.filter(chosen.contains), errors)
    }

    /// The roles stored as a comma-separated `group_concat`, in declaration
    /// order. Read from the column's bytes: splitting a `String` into
    /// `Character`s made the roles a fifth of a page of people.
    static func list(stored bytes: UnsafeBufferPointer<UInt8>) -> [PersonRole] {
        var held = Set<PersonRole>()
        for item in bytes.split(separator: UInt8(ascii: ",")) {
            if let role = matching(UnsafeBufferPointer(rebasing: item)) { held.insert(role) }
        }
        return allCases.filter(held.contains)
    }

    private static let allowedValues = allCases.map(\.rawValue).joined(separator: ", ")
}
