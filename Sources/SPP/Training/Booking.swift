import JSON
import SQLiteStore

public enum BookingStatus: String, CaseIterable, Sendable {
    case confirmed
    case waitlisted
    case cancelled
    case attended
    case noShow = "no_show"

    /// Active bookings hold a place or a place in the queue; a person has at most one per session.
    public var isActive: Bool { self == .confirmed || self == .waitlisted }
}

/// What a booking's attendance can be recorded as (`PATCH /v1/bookings/{id}`).
public enum Attendance: String, CaseIterable, Sendable {
    case attended
    case noShow = "no_show"

    var bookingStatus: BookingStatus { self == .attended ? .attended : .noShow }
}

/// One person's place, or place in the queue, on a training session (CONTRACT §3).
public struct Booking: VersionedResource, IDKeyedRecord, Equatable {
    public var id: Int
    public var sessionID: Int
    public var personID: Int
    public var status: BookingStatus
    /// 1-based place in the session's queue, in arrival (id) order; nil unless waitlisted.
    public var waitlistPosition: Int?
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("sessionId", sessionID)
        w.field("personId", personID)
        w.field("status", status.rawValue)
        w.field("waitlistPosition", waitlistPosition)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    /// Joined to the person, whose school decides which keys see the booking.
    static let source = "bookings b JOIN people p ON p.id = b.person_id"
    static let idColumn = "b.id"
    /// The position is counted, not stored, so no update can leave a gap in the queue.
    static let columns = """
        b.id, b.session_id, b.person_id, b.status, b.version, b.created_at, b.updated_at,
        CASE WHEN b.status = 'waitlisted' THEN
            (SELECT count(*) FROM bookings w WHERE w.session_id = b.session_id AND w.status = 'waitlisted' AND w.id <= b.id)
        END
        """

    init(row: Row) {
        id = row.int(0)
        sessionID = row.int(1)
        personID = row.int(2)
        status = row.enumeration(3, or: BookingStatus.cancelled)
        version = row.int(4)
        createdAt = row.timestamp(5)
        updatedAt = row.timestamp(6)
        waitlistPosition = row.optionalInt(7)
    }
}

extension Booking: CSVExportable {
    public static let csvColumns = [
        "id", "sessionId", "personId", "status", "waitlistPosition", "version", "createdAt", "updatedAt",
    ]
}
