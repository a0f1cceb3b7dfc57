import SQLiteStore

/// The rules behind `/v1/partnerships/{id}/members`: a school may belong to
/// several partnerships at once, holds at most one open period in each, and
/// keeps every closed period as history. Membership changes bump the
/// partnership's version, because its `memberCount` and `warnings` change too.
public struct MembershipService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// Members by URN (then period), active ones only unless `includePast`.
    /// `404` when the caller may not see the partnership; schools the caller
    /// may not see (past members outside its scope) are left out.
    public func list(
        partnershipID: Int, includePast: Bool, _ page: PageRequest, visibility: Visibility
    ) throws -> Page<Membership> {
        let visible = visibility.partnerships("id")
        var conditions = [SQLCondition("m.partnership_id = ?", [partnershipID]), visibility.schools("m.urn")]
        if !includePast { conditions.append(SQLCondition("m.left_on IS NULL")) }
        if let after = try page.afterIntegers(2) {
            conditions.append(SQLCondition("(m.urn, m.id) > (?, ?)", [after[0], after[1]]))
        }
        let filter = SQLCondition(all: conditions)
        let rows = try database.read { db in
            guard
                try db.scalarInt(
                    "SELECT count(*) FROM partnerships WHERE id = ? AND \(visible.sql)",
                    [partnershipID] + visible.bindings) == 1
            else { throw Problem.notFound("No such partnership.") }
            return try db.fetch(
                """
                SELECT \(Membership.columns) FROM memberships m JOIN schools s ON s.urn = m.urn
                WHERE \(filter.sql) ORDER BY m.urn, m.id LIMIT ?
                """, filter.bindings + [page.limit + 1], Membership.init(row:))
        }
        return Page(fetched: rows, limit: page.limit) { [String($0.urn), String($0.id)] }
    }

    /// The school's open membership period, or `404` when there is none the caller may see.
    public func member(partnershipID: Int, urn: Int, visibility: Visibility) throws -> Membership {
        let visible = SQLCondition(all: [visibility.partnerships("m.partnership_id"), visibility.schools("m.urn")])
        guard
            let open = try database.read({
                try Self.openPeriod($0, partnershipID: partnershipID, urn: urn, where: visible)
            })
        else { throw Problem.notFound("School \(urn) is not an active member of partnership \(partnershipID).") }
        return open
    }

    /// Opens a membership period, or leaves an open one as it is (`created` is
    /// then false). A new period may not start before the school last left.
    public func join(
        partnershipID: Int, urn: Int, joinedOn: CivilDate, ifMatch checkVersion: (Int?) throws -> Void,
        by actor: Actor
    ) throws -> (membership: Membership, created: Bool) {
        let now = clock.now()
        return try database.write { db in
            guard
                let status = try db.fetchOne(
                    "SELECT status FROM partnerships WHERE id = ?", [partnershipID], { $0.text(0) })
            else { throw Problem.notFound("No such partnership.") }
            guard let schoolName = try db.fetchOne("SELECT name FROM schools WHERE urn = ?", [urn], { $0.text(0) })
            else { throw Problem.notFound("No school with URN \(urn).") }
            guard joinedOn <= now.date else {
                throw Problem.invalid(field: "joinedOn", "must not be in the future (today is \(now.date))")
            }
            let open = try Self.openPeriod(db, partnershipID: partnershipID, urn: urn)
            try checkVersion(open?.version)
            if let open { return (open, false) }
            guard status != PartnershipStatus.closed.rawValue else {
                throw Problem.conflict("The partnership is closed and takes no new members.")
            }
            let lastLeft =
                try db.fetchOne(
                    "SELECT max(left_on) FROM memberships WHERE partnership_id = ? AND urn = ?", [partnershipID, urn]
                ) { $0.optionalText(0).flatMap { CivilDate($0) } } ?? nil
            if let lastLeft, joinedOn < lastLeft {
                throw Problem.invalid(field: "joinedOn", "must be on or after \(lastLeft), when the school last left")
            }
            try db.run(
                "INSERT INTO memberships (partnership_id, urn, joined_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [partnershipID, urn, joinedOn.description, now.description, now.description])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .membership, id: id, .created, by: actor, at: now)
            try Self.touchPartnership(partnershipID, db, by: actor, at: now)
            return (Membership(id: id, urn: urn, schoolName: schoolName, joinedOn: joinedOn), true)
        }
    }

    /// Ends the open period today; the period stays as history.
    public func leave(
        partnershipID: Int, urn: Int, ifMatch checkVersion: (Int) throws -> Void, by actor: Actor
    ) throws {
        let now = clock.now()
        try database.write { db in
            guard let open = try Self.openPeriod(db, partnershipID: partnershipID, urn: urn) else {
                throw Problem.notFound("School \(urn) is not an active member of partnership \(partnershipID).")
            }
            try checkVersion(open.version)
            try db.run(
                "UPDATE memberships SET left_on = ?, version = version + 1, updated_at = ? WHERE id = ?",
                [now.date.description, now.description, open.id])
            try ChangeLog.record(db, .membership, id: open.id, .updated, by: actor, at: now)
            try Self.touchPartnership(partnershipID, db, by: actor, at: now)
        }
    }

    private static func openPeriod(
        _ db: Connection, partnershipID: Int, urn: Int, where condition: SQLCondition = .always
    ) throws -> Membership? {
        try db.fetchOne(
            """
            SELECT \(Membership.columns) FROM memberships m JOIN schools s ON s.urn = m.urn
            WHERE m.partnership_id = ? AND m.urn = ? AND m.left_on IS NULL AND \(condition.sql)
            """, [partnershipID, urn] + condition.bindings, Membership.init(row:))
    }

    /// A membership shows its school's name, so a rename changes every
    /// membership of the school, past ones too: each version (and so ETag)
    /// moves on, and the change is recorded for the feed.
    static func schoolRenamed(_ db: Connection, urn: Int, by actor: Actor, at now: Timestamp) throws {
        for id in try db.fetch("SELECT id FROM memberships WHERE urn = ?", [urn], { $0.int(0) }) {
            try db.run(
                "UPDATE memberships SET version = version + 1, updated_at = ? WHERE id = ?", [now.description, id])
            try ChangeLog.record(db, .membership, id: id, .updated, by: actor, at: now)
        }
    }

    /// The partnership's representation (`memberCount`, `warnings`) changed with its membership.
    private static func touchPartnership(_ id: Int, _ db: Connection, by actor: Actor, at now: Timestamp) throws {
        try db.run("UPDATE partnerships SET version = version + 1, updated_at = ? WHERE id = ?", [now.description, id])
        try ChangeLog.record(db, .partnership, id: id, .updated, by: actor, at: now)
    }
}
