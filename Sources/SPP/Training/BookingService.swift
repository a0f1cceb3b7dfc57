import JSON
import SQLiteStore

/// The rules behind bookings: a place while one is left, else the waitlist;
/// one active booking per person and session; cancelling frees the place for
/// the oldest waitlisted booking; attendance once the session has started,
/// and accreditation for those who attended. Each runs as one write
/// transaction on the single writer, which is what keeps confirmed bookings
/// within capacity and the waitlist in arrival order under any concurrency.
public struct BookingService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The bookings of people the caller may see, by id; `404` for no such session.
    public func list(sessionID: Int, _ page: PageRequest, visibility: Visibility) throws -> Page<Booking> {
        try database.read { db in
            guard try db.scalarInt("SELECT count(*) FROM training_sessions WHERE id = ?", [sessionID]) == 1 else {
                throw TrainingSessionService.notFound
            }
            let conditions = [visibility.schools("p.school_urn"), SQLCondition("b.session_id = ?", [sessionID])]
            return try Booking.page(db, where: conditions, page)
        }
    }

    /// One booking, or `404` when there is none the caller may see.
    public func booking(id: Int, visibility: Visibility) throws -> Booking {
        guard
            let booking = try database.readStatement({
                try Booking.find($0, id: id, where: visibility.schools("p.school_urn"))
            })
        else { throw Self.notFound }
        return booking
    }

    /// Books `personID` on the session: `confirmed` while places are left and
    /// nobody is waiting, else `waitlisted`. A person the caller may not see is
    /// answered like one that does not exist, so existence is not revealed.
    public func book(
        sessionID: Int, personID: Int?, invalid fieldErrors: [FieldError], visibility: Visibility, by actor: Actor
    ) throws -> Booking {
        let now = clock.now()
        return try database.write { db in
            guard let session = try TrainingSession.find(db, id: sessionID, where: .always) else {
                throw TrainingSessionService.notFound
            }
            var errors = fieldErrors
            if let personID { errors += try Self.personProblems(personID, course: session.course, visibility, db) }
            guard errors.isEmpty, let personID else { throw Problem.invalid(errors) }
            if session.status == .cancelled { throw Problem.conflict("The session is cancelled.") }
            if session.hasStarted(at: now) { throw Problem.conflict("The session has started; bookings are closed.") }
            if let held = try db.scalarInt(
                "SELECT id FROM bookings WHERE session_id = ? AND person_id = ? AND status IN ('confirmed', 'waitlisted')",
                [sessionID, personID])
            {
                throw Problem.conflict("This person already holds booking \(held) on the session.")
            }
            let status: BookingStatus = session.placesLeft > 0 && session.waitlistLength == 0 ? .confirmed : .waitlisted
            try db.run(
                "INSERT INTO bookings (session_id, person_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [sessionID, personID, status.rawValue, now.description, now.description])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .booking, id: id, .created, by: actor, at: now)
            try SessionPlaces(db: db, sessionID: sessionID, actor: actor, now: now).sessionChanged()
            return try Booking.find(db, id: id, where: .always)!
        }
    }

    /// Cancels an active booking; a confirmed one's place goes to the oldest
    /// waitlisted booking in the same transaction. Once the session has
    /// started a confirmed place is no longer given back: record attendance instead.
    /// A booking the caller sees but does not book for is a `403`.
    public func cancel(id: Int, visibility: Visibility, by actor: Actor) throws -> Booking {
        let now = clock.now()
        return try database.write { db in
            // The schools a key acts for are among those it sees: one read when it may cancel.
            guard let booking = try Booking.find(db, id: id, where: visibility.ownSchools("p.school_urn")) else {
                let seen = try Booking.find(db, id: id, where: visibility.schools("p.school_urn")) != nil
                throw seen ? Self.notTheirs : Self.notFound
            }
            guard booking.status.isActive else {
                throw Problem.conflict(
                    "The booking is \(booking.status.rawValue); only an active booking can be cancelled.")
            }
            let session = try TrainingSession.find(db, id: booking.sessionID, where: .always)!
            if booking.status == .confirmed && session.hasStarted(at: now) {
                throw Problem.conflict("The session has started; record attendance instead of cancelling.")
            }
            let places = SessionPlaces(db: db, sessionID: booking.sessionID, actor: actor, now: now)
            try places.move([id], to: .cancelled)
            try places.fillFreePlaces()
            try places.sessionChanged()
            return try Booking.find(db, id: id, where: .always)!
        }
    }

    /// Records attendance on a confirmed booking once its session has started;
    /// `attended` grants or renews the person's accreditation. An empty patch
    /// changes nothing.
    public func recordAttendance(
        id: Int, _ attendance: Attendance?, invalid fieldErrors: [FieldError],
        ifMatch checkVersion: (Int) throws -> Void,
        by actor: Actor
    ) throws -> Booking {
        let now = clock.now()
        return try database.write { db in
            guard let booking = try Booking.find(db, id: id, where: .always) else { throw Self.notFound }
            try checkVersion(booking.version)
            guard fieldErrors.isEmpty else { throw Problem.invalid(fieldErrors) }
            guard let attendance else { return booking }
            guard booking.status == .confirmed else {
                throw Problem.conflict(
                    "The booking is \(booking.status.rawValue); attendance is recorded on confirmed bookings only.")
            }
            let session = try TrainingSession.find(db, id: booking.sessionID, where: .always)!
            guard session.hasStarted(at: now) else {
                throw Problem.conflict(
                    "The session starts at \(session.startsAt); attendance is recorded once it has started.")
            }
            try SessionPlaces(db: db, sessionID: session.id, actor: actor, now: now)
                .move([id], to: attendance.bookingStatus)
            if attendance == .attended {
                try Self.accredit(booking.personID, for: session, by: actor, at: now, db)
            }
            return try Booking.find(db, id: id, where: .always)!
        }
    }

    /// A person's accreditations are part of the person, so the person gets a
    /// new version and a change-log entry too.
    private static func accredit(
        _ personID: Int, for session: TrainingSession, by actor: Actor, at now: Timestamp, _ db: Connection
    ) throws {
        let kind = session.course.accreditation.rawValue
        let current =
            try db.fetchOne(
                "SELECT completed_on, valid_until FROM accreditations WHERE person_id = ? AND course = ?",
                [personID, kind]
            ) { row in
                CivilDate(row.text(0)).flatMap { completed in
                    CivilDate(row.text(1)).map { Accreditation(course: kind, completedOn: completed, validUntil: $0) }
                }
            } ?? nil
        guard
            let granted = AccreditationRule.afterAttending(session.course, on: session.startsAt.date, current: current),
            granted != current
        else { return }
        try db.run(
            """
            INSERT INTO accreditations (person_id, course, completed_on, valid_until) VALUES (?, ?, ?, ?)
            ON CONFLICT (person_id, course) DO UPDATE SET completed_on = excluded.completed_on, valid_until = excluded.valid_until
            """, [personID, kind, granted.completedOn.description, granted.validUntil.description])
        try db.run(
            "UPDATE people SET version = version + 1, updated_at = ? WHERE id = ?", [now.description, personID])
        try ChangeLog.record(db, .person, id: personID, .updated, by: actor, at: now)
    }

    /// `personId` names someone the caller may see and, for a refresher, who
    /// completed the initial course of its kind (DOMAIN.md). Someone the caller
    /// sees but does not act for is a `403`.
    private static func personProblems(
        _ personID: Int, course: Course, _ visibility: Visibility, _ db: Connection
    ) throws -> [FieldError] {
        let scope = visibility.schools("p.school_urn")
        let own = visibility.ownSchools("p.school_urn")
        let person = try db.fetchOne(
            """
            SELECT EXISTS (SELECT 1 FROM accreditations a WHERE a.person_id = p.id AND a.course = ?), \(own.sql)
            FROM people p WHERE p.id = ? AND \(scope.sql)
            """, [course.accreditation.rawValue] + own.bindings + [personID] + scope.bindings
        ) { (accredited: $0.int(0) == 1, own: $0.int(1) == 1) }
        guard let person else { return [FieldError(field: "personId", message: "names no person (id \(personID))")] }
        guard person.own else { throw notTheirs }
        guard person.accredited || !course.isRefresher else {
            return [
                FieldError(
                    field: "personId",
                    message: "has not completed the \(course.accreditation.rawValue) course this refresher renews")
            ]
        }
        return []
    }

    static let notFound = Problem.notFound("No such booking.")
    static let notTheirs = Problem.forbidden(
        "A trust key books and cancels only for the people of its own trust's schools.")
}
