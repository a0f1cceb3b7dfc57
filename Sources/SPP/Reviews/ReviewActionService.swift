import JSON
import SQLiteStore

/// A review's actions: read with the review, written by whoever may write it.
public struct ReviewActionService: Sendable {
    private let database: Database
    private let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    public struct Fields: Sendable {
        public var description: String?
        public var ownerPersonID: Int?
        public var dueOn: CivilDate?
        public var status: ReviewAction.Status?
    }

    public func list(reviewID: Int, _ page: PageRequest, caller: Caller) throws -> Page<ReviewAction> {
        try database.read { db in
            let visible = Visibility(caller).partnerships("r.partnership_id")
            guard try Review.find(db, id: reviewID, where: visible) != nil else { throw ReviewService.notFound }
            return try ReviewAction.page(db, where: [SQLCondition("a.review_id = ?", [reviewID])], page)
        }
    }

    public func create(reviewID: Int, _ fields: Fields, invalid errors: [FieldError], caller: Caller, by actor: Actor)
        throws -> ReviewAction
    {
        let now = clock.now()
        return try database.write { db in
            let review = try ReviewService.writable(reviewID, caller, db)
            guard !review.status.isClosed else { throw Problem.conflict("The review is \(review.status.rawValue).") }
            guard errors.isEmpty, let description = fields.description, let owner = fields.ownerPersonID,
                let dueOn = fields.dueOn
            else { throw Problem.invalid(errors) }
            try Self.requireOwner(owner, caller, db)
            try db.run(
                """
                INSERT INTO review_actions (review_id, description, owner_person_id, due_on, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    reviewID, description, owner, dueOn.description, (fields.status ?? .open).rawValue,
                    now.description, now.description,
                ])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .action, id: id, .created, by: actor, at: now)
            try ReviewService.touch(reviewID, db, by: actor, at: now)
            return try Self.stored(id, db)
        }
    }

    public func update(
        reviewID: Int, actionID: Int, _ fields: Fields, invalid errors: [FieldError],
        ifMatch checkVersion: (Int) throws -> Void, caller: Caller, by actor: Actor
    ) throws -> ReviewAction {
        let now = clock.now()
        return try database.write { db in
            let review = try ReviewService.writable(reviewID, caller, db)
            guard let current = try Self.find(actionID, of: reviewID, db) else { throw Self.notFound }
            try checkVersion(current.version)
            guard errors.isEmpty else { throw Problem.invalid(errors) }
            var updated = current
            updated.description = fields.description ?? current.description
            updated.ownerPersonID = fields.ownerPersonID ?? current.ownerPersonID
            updated.dueOn = fields.dueOn ?? current.dueOn
            updated.status = fields.status ?? current.status
            guard updated != current else { return current }
            guard review.status != .cancelled else { throw Problem.conflict("The review is cancelled.") }
            if updated.ownerPersonID != current.ownerPersonID {
                try Self.requireOwner(updated.ownerPersonID, caller, db)
            }
            try db.run(
                """
                UPDATE review_actions SET description = ?, owner_person_id = ?, due_on = ?, status = ?,
                    version = version + 1, updated_at = ?
                WHERE id = ?
                """,
                [
                    updated.description, updated.ownerPersonID, updated.dueOn.description, updated.status.rawValue,
                    now.description, actionID,
                ])
            try ChangeLog.record(db, .action, id: actionID, .updated, by: actor, at: now)
            try ReviewService.touch(reviewID, db, by: actor, at: now)
            return try Self.stored(actionID, db)
        }
    }

    private static func find(_ id: Int, of reviewID: Int, _ db: Connection) throws -> ReviewAction? {
        try ReviewAction.find(db, id: id, where: SQLCondition("a.review_id = ?", [reviewID]))
    }

    private static func stored(_ id: Int, _ db: Connection) throws -> ReviewAction {
        guard let action = try ReviewAction.find(db, id: id, where: .always) else { throw notFound }
        return action
    }

    /// An owner the caller can see: a partnership key names its own schools' people.
    private static func requireOwner(_ id: Int, _ caller: Caller, _ db: Connection) throws {
        let visible = Visibility(caller).schools("p.school_urn")
        guard
            try db.scalarInt("SELECT count(*) FROM people p WHERE p.id = ? AND \(visible.sql)", [id] + visible.bindings)
                == 1
        else { throw Problem.invalid(field: "ownerPersonId", "names no person (id \(id))") }
    }

    static let notFound = Problem.notFound("No such action on this review.")
}
