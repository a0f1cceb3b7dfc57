import JSON
import SQLiteStore

/// The rules behind `/v1/training-sessions`: the public list of what can be
/// booked, and the admin's changes to a session, which move its bookings in
/// the same transaction (more capacity promotes the waitlist, cancelling the
/// session cancels every booking).
public struct TrainingSessionService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// A new session as the body described it; nil fields failed validation.
    public struct Draft: Sendable {
        public var course: Course?
        public var title: String?
        public var startsAt: Timestamp?
        public var endsAt: Timestamp?
        public var location: String?
        public var online: Bool
        public var capacity: Int?
    }

    /// A merge patch: nil leaves a field as it is; `.some(nil)` clears `location`.
    public struct Changes: Sendable {
        public var course: Course?
        public var title: String?
        public var startsAt: Timestamp?
        public var endsAt: Timestamp?
        public var location: String??
        public var online: Bool?
        public var capacity: Int?
        public var status: SessionStatus?
    }

    public struct Filters: Sendable {
        public var course: Course?
        /// Inclusive dates on the start date. Without `from`, only sessions not yet started.
        public var from: CivilDate?
        public var to: CivilDate?
        /// true: sessions that can still be booked (scheduled, not started, a place
        /// left); false: full, cancelled or started ones.
        public var hasPlaces: Bool?
    }

    public static let capacities = 1...10_000

    /// Soonest first, keyset on (startsAt, id).
    public func list(_ filters: Filters, _ page: PageRequest) throws -> Page<TrainingSession> {
        let now = clock.now()
        var conditions = SQLCondition.onDates("t.starts_at", from: filters.from, to: filters.to)
        if filters.from == nil { conditions.append(SQLCondition("t.starts_at > ?", [now.description])) }
        if let course = filters.course { conditions.append(SQLCondition("t.course = ?", [course.rawValue])) }
        if let hasPlaces = filters.hasPlaces {
            let open = "t.status = 'scheduled' AND t.starts_at > ? AND t.capacity > \(TrainingSession.takenPlaces)"
            conditions.append(SQLCondition(hasPlaces ? open : "NOT (\(open))", [now.description]))
        }
        if !page.after.isEmpty {
            guard page.after.count == 2, let start = Timestamp(page.after[0]), let id = Int(page.after[1]) else {
                throw PageRequest.invalidCursor
            }
            conditions.append(SQLCondition("(t.starts_at, t.id) > (?, ?)", [start.description, id]))
        }
        let filter = SQLCondition(all: conditions)
        let rows = try database.read { db in
            try db.fetch(
                """
                SELECT \(TrainingSession.columns) FROM \(TrainingSession.source) WHERE \(filter.sql)
                ORDER BY t.starts_at, t.id LIMIT ?
                """, filter.bindings + [page.limit + 1], TrainingSession.init(row:))
        }
        return Page(fetched: rows, limit: page.limit) { [$0.startsAt.description, String($0.id)] }
    }

    public func session(id: Int) throws -> TrainingSession {
        guard let session = try database.readStatement({ try TrainingSession.find($0, id: id, where: .always) }) else {
            throw Self.notFound
        }
        return session
    }

    public func create(_ draft: Draft, invalid fieldErrors: [FieldError], by actor: Actor) throws -> TrainingSession {
        let now = clock.now()
        let errors =
            fieldErrors + Self.timeProblems(startsAt: draft.startsAt, endsAt: draft.endsAt, startIsNew: true, now: now)
        guard errors.isEmpty, let course = draft.course, let title = draft.title, let startsAt = draft.startsAt,
            let endsAt = draft.endsAt, let capacity = draft.capacity
        else { throw Problem.invalid(errors) }
        return try database.write { db in
            try db.run(
                """
                INSERT INTO training_sessions (course, title, starts_at, ends_at, location, online, capacity, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    course.rawValue, title, startsAt.description, endsAt.description, draft.location, draft.online,
                    capacity, now.description, now.description,
                ])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .trainingSession, id: id, .created, by: actor, at: now)
            return try TrainingSession.find(db, id: id, where: .always)!
        }
    }

    /// Applies a merge patch and its consequences for the bookings, all in one
    /// transaction. A patch that changes nothing leaves the version as it is.
    public func update(
        id: Int, _ changes: Changes, invalid fieldErrors: [FieldError], ifMatch checkVersion: (Int) throws -> Void,
        by actor: Actor
    ) throws -> TrainingSession {
        let now = clock.now()
        return try database.write { db in
            guard let current = try TrainingSession.find(db, id: id, where: .always) else { throw Self.notFound }
            try checkVersion(current.version)
            var updated = current
            updated.course = changes.course ?? current.course
            updated.title = changes.title ?? current.title
            updated.startsAt = changes.startsAt ?? current.startsAt
            updated.endsAt = changes.endsAt ?? current.endsAt
            updated.location = changes.location ?? current.location
            updated.online = changes.online ?? current.online
            updated.capacity = changes.capacity ?? current.capacity
            updated.status = changes.status ?? current.status
            // Times are checked as merged; a field whose value was already rejected is reported once.
            let times = Self.timeProblems(
                startsAt: updated.startsAt, endsAt: updated.endsAt, startIsNew: updated.startsAt != current.startsAt,
                now: now)
            let errors = fieldErrors + times.filter { time in !fieldErrors.contains { $0.field == time.field } }
            guard errors.isEmpty else { throw Problem.invalid(errors) }
            guard updated != current else { return current }
            try Self.checkConflicts(current, updated, db)
            try db.run(
                """
                UPDATE training_sessions SET course = ?, title = ?, starts_at = ?, ends_at = ?, location = ?, online = ?,
                    capacity = ?, status = ?, version = version + 1, updated_at = ? WHERE id = ?
                """,
                [
                    updated.course.rawValue, updated.title, updated.startsAt.description, updated.endsAt.description,
                    updated.location, updated.online, updated.capacity, updated.status.rawValue, now.description, id,
                ])
            try ChangeLog.record(db, .trainingSession, id: id, .updated, by: actor, at: now)
            let places = SessionPlaces(db: db, sessionID: id, actor: actor, now: now)
            if updated.status == .cancelled {
                try places.cancelActive()
            } else if updated.capacity > current.capacity {
                try places.fillFreePlaces()
            }
            return try TrainingSession.find(db, id: id, where: .always)!
        }
    }

    /// The changes a session's bookings forbid (`409`).
    private static func checkConflicts(_ current: TrainingSession, _ updated: TrainingSession, _ db: Connection) throws
    {
        if current.status == .cancelled && updated.status == .scheduled {
            throw Problem.conflict("A cancelled session stays cancelled; its bookings are gone. Create a new session.")
        }
        // A session that has started may still never have been held (called
        // off on the day, recorded afterwards), but not one with attendance.
        if current.status == .scheduled && updated.status == .cancelled,
            let recorded = try db.scalarInt(
                "SELECT count(*) FROM bookings WHERE session_id = ? AND (status = 'attended' OR status = 'no_show')",
                [current.id]),
            recorded > 0
        {
            throw Problem.conflict(
                "Attendance is recorded for \(recorded) of its bookings: the session was held, so it cannot be cancelled."
            )
        }
        if updated.status == .scheduled && updated.capacity < current.taken {
            throw Problem.conflict(
                "\(current.taken) places are taken; capacity cannot go below that (cancel bookings first).")
        }
        let booked = try db.scalarInt("SELECT count(*) FROM bookings WHERE session_id = ?", [current.id]) ?? 0
        if updated.course != current.course && booked > 0 {
            throw Problem.conflict("The session has bookings, so its course can no longer change.")
        }
    }

    /// `endsAt` after `startsAt`; a start that is being set lies in the future
    /// (a session is advertised to be booked, and bookings close when it starts).
    private static func timeProblems(startsAt: Timestamp?, endsAt: Timestamp?, startIsNew: Bool, now: Timestamp)
        -> [FieldError]
    {
        var errors: [FieldError] = []
        if let startsAt, startIsNew, startsAt <= now {
            errors.append(FieldError(field: "startsAt", message: "must be in the future"))
        }
        if let startsAt, let endsAt, endsAt <= startsAt {
            errors.append(FieldError(field: "endsAt", message: "must be after startsAt"))
        }
        return errors
    }

    static let notFound = Problem.notFound("No such training session.")
}
