import SQLiteStore

/// The changes feed: what a dashboard polls instead of re-reading everything.
///
/// Each key sees the changes to rows it can see now, and to rows it could see
/// just before the change (`ChangeLog.Before`), so a deletion or a move out of
/// its scope still reaches it.
public struct ChangeFeed: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    public static let limits = 1...1000
    public static let defaultLimit = 100

    /// Changes after `since`, oldest first, with where to continue. The next
    /// position moves past changes the key cannot see, so a poller never
    /// reads the same stretch twice.
    public func changes(since: Int, limit: Int, visibility: Visibility) throws -> (changes: [Change], nextSince: Int) {
        let visible = Self.visible(to: visibility)
        return try database.read { db in
            let changes = try db.fetch(
                """
                SELECT c.seq, c.entity, c.entity_id, c.action, c.at FROM changes c
                WHERE c.seq > ? AND (\(visible.sql)) ORDER BY c.seq LIMIT ?
                """, [since] + visible.bindings + [limit]
            ) { row in
                Change(
                    seq: row.int(0), entity: row.enumeration(1, or: Entity.school), id: row.int(2),
                    action: row.enumeration(3, or: ChangeAction.updated), at: row.timestamp(4))
            }
            if changes.count == limit, let last = changes.last { return (changes, last.seq) }
            // Everything up to the newest change of this snapshot was read.
            let newest = try db.scalarInt("SELECT max(seq) FROM changes") ?? 0
            return (changes, max(since, newest))
        }
    }

    /// The entities the feed lists, the whole of an admin's view; built once,
    /// not on every poll.
    private static let inFeed: SQLCondition = {
        let audited = Entity.allCases.filter { !$0.isInFeed }.map { "'\($0.rawValue)'" }
        return SQLCondition("c.entity NOT IN (\(audited.joined(separator: ", ")))")
    }()

    /// Which rows of `changes c` the caller may see, entity by entity (CONTRACT §2);
    /// an admin sees every entity the feed lists (`Entity.isInFeed`).
    static func visible(to visibility: Visibility) -> SQLCondition {
        guard !visibility.caller.isAdmin else { return inFeed }
        func entity(_ name: Entity, _ rule: SQLCondition) -> SQLCondition {
            SQLCondition(all: [SQLCondition("c.entity = '\(name.rawValue)'"), rule])
        }
        let wasAtSchool = visibility.schools("c.was_school_urn")
        let personSchool = visibility.schools("p.school_urn")
        let reviews = visibility.partnerships("r.partnership_id")
        // A membership is its partnership's news (a school that leaves is no
        // longer visible, but its leaving is), and its trust's for its own schools.
        let membership = SQLCondition(any: [
            visibility.partnerships("m.partnership_id"), visibility.ownTrust("s.trust_id"),
        ])
        return SQLCondition(any: [
            entity(
                .school, SQLCondition(any: [visibility.schools("c.entity_id"), visibility.ownTrust("c.was_trust_id")])),
            entity(.trust, visibility.trusts("c.entity_id")),
            entity(.partnership, visibility.partnerships("c.entity_id")),
            entity(
                .membership,
                SQLCondition(
                    """
                    c.entity_id IN (SELECT m.id FROM memberships m JOIN schools s ON s.urn = m.urn
                                    WHERE \(membership.sql))
                    """, membership.bindings)),
            entity(
                .person,
                SQLCondition(any: [
                    SQLCondition(
                        "c.entity_id IN (SELECT p.id FROM people p WHERE \(personSchool.sql))", personSchool.bindings),
                    wasAtSchool,
                ])),
            entity(.trainingSession, .always),
            // Recorded with their school, which outlives a deleted inspection.
            entity(.inspection, wasAtSchool),
            entity(
                .review,
                SQLCondition("c.entity_id IN (SELECT r.id FROM reviews r WHERE \(reviews.sql))", reviews.bindings)),
            entity(
                .action,
                SQLCondition(
                    "c.entity_id IN (SELECT a.id FROM review_actions a JOIN reviews r ON r.id = a.review_id WHERE \(reviews.sql))",
                    reviews.bindings)),
            entity(
                .booking,
                SQLCondition(
                    """
                    c.entity_id IN (SELECT b.id FROM bookings b JOIN people p ON p.id = b.person_id
                                    WHERE \(personSchool.sql))
                    """, personSchool.bindings)),
        ])
    }
}
