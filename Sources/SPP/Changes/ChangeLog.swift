import SQLiteStore

/// The kinds of rows the changes feed and audit log speak of (CONTRACT §3).
public enum Entity: String, CaseIterable, Sendable {
    case school, trust, partnership, membership, person
    case trainingSession = "training_session"
    case booking, review, action, inspection
    /// In the audit log only: no dashboard reads keys, and rates are read by year.
    case apiKey = "api_key"
    case nationalRate = "national_rate"

    /// What the changes feed lists (CONTRACT §3 "Changes feed").
    public var isInFeed: Bool { self != .apiKey && self != .nationalRate }
}

public enum ChangeAction: String, CaseIterable, Sendable {
    case created, updated, deleted
}

/// Who made a change and through which request, for the audit log.
public struct Actor: Sendable {
    public var keyID: Int?
    public var method: String?
    public var path: String?

    public init(keyID: Int?, method: String?, path: String?) {
        self.keyID = keyID
        self.method = method
        self.path = path
    }

    /// Changes made from the command line (imports, seeding).
    public static let commandLine = Actor(keyID: nil, method: nil, path: nil)

    public init(_ context: RequestContext) {
        self.init(keyID: context.caller.keyID, method: context.request.method.rawValue, path: context.request.path)
    }
}

/// Records every change in the same transaction as the change itself, so the
/// feed and the audit log can never miss or invent one.
public enum ChangeLog {
    /// Where the row stood when it changed: a school's trust, a person's
    /// school, an inspection's school (which outlives the inspection's
    /// deletion). For a change that can take the row out of a key's sight (a
    /// move, a deletion) that is where it stood before; for any other, where
    /// it stands, so that a later deletion does not hide the change from the
    /// keys that saw it happen. Migration 0005.
    public struct Before: Sendable {
        var trustID: Int?
        var schoolUrn: Int?

        public static let nothing = Before()
        public static func trust(_ id: Int?) -> Before { Before(trustID: id) }
        public static func school(_ urn: Int) -> Before { Before(schoolUrn: urn) }
    }

    /// A school's or person's change without a `before` is recorded where the
    /// row stands now: callers that know it pass it, which saves the lookup.
    public static func record(
        _ db: Connection, _ entity: Entity, id: Int, _ action: ChangeAction, by actor: Actor, at: Timestamp,
        before: Before = .nothing
    ) throws {
        var before = before
        if entity == .school && before.trustID == nil {
            before.trustID = try db.scalarInt("SELECT trust_id FROM schools WHERE urn = ?", [id])
        } else if entity == .person && before.schoolUrn == nil {
            before.schoolUrn = try db.scalarInt("SELECT school_urn FROM people WHERE id = ?", [id])
        }
        try db.run(
            """
            INSERT INTO changes (entity, entity_id, action, at, key_id, method, path, was_trust_id, was_school_urn)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                entity.rawValue, id, action.rawValue, at.description, actor.keyID, actor.method, actor.path,
                before.trustID, before.schoolUrn,
            ])
    }
}
