import JSON
import SQLiteStore

public enum SessionStatus: String, CaseIterable, Sendable {
    case scheduled
    case cancelled
}

/// A training session as everyone sees it (CONTRACT §3): public, so it carries
/// counts of places and of the waitlist but never who booked.
public struct TrainingSession: VersionedResource, IDKeyedRecord, Equatable {
    public var id: Int
    public var course: Course
    public var title: String
    public var startsAt: Timestamp
    public var endsAt: Timestamp
    public var location: String?
    public var online: Bool
    public var capacity: Int
    /// Places held by confirmed bookings and by those whose attendance is recorded.
    public var taken: Int
    public var waitlistLength: Int
    public var status: SessionStatus
    /// Bumped by every change to the session and by every booking that moves
    /// `placesLeft` or `waitlistLength`, so a cached copy is never stale.
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// A cancelled session has no places to offer, whatever its capacity.
    public var placesLeft: Int { status == .cancelled ? 0 : max(0, capacity - taken) }

    public func hasStarted(at now: Timestamp) -> Bool { startsAt <= now }

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("course", course.rawValue)
        w.field("title", title)
        w.field("startsAt", startsAt)
        w.field("endsAt", endsAt)
        w.field("location", location)
        w.field("online", online)
        w.field("capacity", capacity)
        w.field("placesLeft", placesLeft)
        w.field("waitlistLength", waitlistLength)
        w.field("status", status.rawValue)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    static let source = "training_sessions t"
    static let idColumn = "t.id"
    /// The counts come in the same row from the `(session_id, status, id)` index.
    static let columns = """
        t.id, t.course, t.title, t.starts_at, t.ends_at, t.location, t.online, t.capacity, t.status, t.version,
        t.created_at, t.updated_at, \(takenPlaces),
        (SELECT count(*) FROM bookings b WHERE b.session_id = t.id AND b.status = 'waitlisted')
        """

    /// Statuses that hold a place: attendance is recorded on confirmed bookings only.
    static let takingStatuses = "('confirmed', 'attended', 'no_show')"
    static let takenPlaces =
        "(SELECT count(*) FROM bookings b WHERE b.session_id = t.id AND b.status IN \(takingStatuses))"

    init(row: Row) {
        id = row.int(0)
        course = row.enumeration(1, or: Course.peerReviewer)
        title = row.text(2)
        startsAt = row.timestamp(3)
        endsAt = row.timestamp(4)
        location = row.optionalText(5)
        online = row.int(6) == 1
        capacity = row.int(7)
        status = row.enumeration(8, or: SessionStatus.scheduled)
        version = row.int(9)
        createdAt = row.timestamp(10)
        updatedAt = row.timestamp(11)
        taken = row.int(12)
        waitlistLength = row.int(13)
    }
}

extension TrainingSession: CSVExportable {
    public static let csvColumns = [
        "id", "course", "title", "startsAt", "endsAt", "location", "online", "capacity", "placesLeft", "waitlistLength",
        "status", "version", "createdAt", "updatedAt",
    ]
}
