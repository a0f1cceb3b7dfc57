import SQLiteStore

/// The places and the waitlist of one session, changed inside a write
/// transaction. Booking, cancelling and changing the session all move
/// bookings through here, so the invariants live in one place: confirmed
/// bookings never exceed capacity, and the queue is served in arrival order.
/// Every booking it changes is recorded in the change log.
struct SessionPlaces {
    let db: Connection
    let sessionID: Int
    let actor: Actor
    let now: Timestamp

    /// Confirms the oldest waitlisted bookings while places are free, until
    /// the session starts: after that, bookings are closed and the waitlist
    /// stays as it was, so nobody is confirmed for a session already under way.
    func fillFreePlaces() throws {
        let free =
            try db.scalarInt(
                """
                SELECT t.capacity - \(TrainingSession.takenPlaces) FROM training_sessions t
                WHERE t.id = ? AND t.status = 'scheduled' AND t.starts_at > ?
                """, [sessionID, now.description]) ?? 0
        guard free > 0 else { return }
        let promoted = try db.fetch(
            "SELECT id FROM bookings WHERE session_id = ? AND status = 'waitlisted' ORDER BY id LIMIT ?",
            [sessionID, free]
        ) { $0.int(0) }
        try move(promoted, to: .confirmed)
    }

    /// Cancels every confirmed and waitlisted booking: the session itself is cancelled.
    func cancelActive() throws {
        let active = try db.fetch(
            "SELECT id FROM bookings WHERE session_id = ? AND status IN ('confirmed', 'waitlisted') ORDER BY id",
            [sessionID]
        ) { $0.int(0) }
        try move(active, to: .cancelled)
    }

    /// Gives each booking its new status and version, e.g. on cancellation or
    /// recorded attendance. A booking that leaves the waitlist moves everyone
    /// behind it up the queue: their `waitlistPosition` changes, so their
    /// version (the ETag a cache revalidates with) changes too.
    func move(_ bookingIDs: [Int], to status: BookingStatus) throws {
        var firstLeavingQueue: Int?
        for id in bookingIDs {
            if try db.scalarInt("SELECT 1 FROM bookings WHERE id = ? AND status = 'waitlisted'", [id]) != nil {
                firstLeavingQueue = min(firstLeavingQueue ?? id, id)
            }
            try db.run(
                "UPDATE bookings SET status = ?, version = version + 1, updated_at = ? WHERE id = ?",
                [status.rawValue, now.description, id])
            try ChangeLog.record(db, .booking, id: id, .updated, by: actor, at: now)
        }
        guard let firstLeavingQueue, status != .waitlisted else { return }
        let movedUp = try db.fetch(
            "SELECT id FROM bookings WHERE session_id = ? AND status = 'waitlisted' AND id > ? ORDER BY id",
            [sessionID, firstLeavingQueue]
        ) { $0.int(0) }
        for id in movedUp {
            try db.run(
                "UPDATE bookings SET version = version + 1, updated_at = ? WHERE id = ?", [now.description, id])
            try ChangeLog.record(db, .booking, id: id, .updated, by: actor, at: now)
        }
    }

    /// The session's `placesLeft` or `waitlistLength` moved: a new version, so
    /// caches of the session (ETag `"<version>"`) see the change.
    func sessionChanged() throws {
        try db.run(
            "UPDATE training_sessions SET version = version + 1, updated_at = ? WHERE id = ?",
            [now.description, sessionID])
        try ChangeLog.record(db, .trainingSession, id: sessionID, .updated, by: actor, at: now)
    }
}
