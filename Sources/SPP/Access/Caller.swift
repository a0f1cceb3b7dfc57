/// The roles a key can have (CONTRACT §2).
public enum Role: String, CaseIterable, Sendable {
    case admin
    case trust
    case partnership
}

/// Who is calling: the key's role and, for `trust` and `partnership` keys, the
/// id of the trust or partnership it is bound to. Anonymous callers have no key.
public struct Caller: Sendable, Equatable {
    public var keyID: Int?
    public var role: Role?
    public var scopeID: Int?

    public static let anonymous = Caller(keyID: nil, role: nil, scopeID: nil)

    public var isAdmin: Bool { role == .admin }
    public var isAnonymous: Bool { keyID == nil }
}
