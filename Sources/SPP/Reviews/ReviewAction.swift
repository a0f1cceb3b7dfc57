import JSON
import SQLiteStore

/// An action agreed at a review's improvement workshop, with its owner and due date.
public struct ReviewAction: VersionedResource, IDKeyedRecord, Equatable {
    public enum Status: String, CaseIterable, Sendable {
        case open
        case done
    }

    public var id: Int
    public var reviewID: Int
    public var description: String
    public var ownerPersonID: Int
    public var dueOn: CivilDate
    public var status: Status
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public static let readOnlyFields: Set<String> = ["id", "reviewId", "version", "createdAt", "updatedAt"]

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("reviewId", reviewID)
        w.field("description", description)
        w.field("ownerPersonId", ownerPersonID)
        w.field("dueOn", dueOn.description)
        w.field("status", status.rawValue)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    static let source = "review_actions a"
    static let idColumn = "a.id"
    static let columns = """
        a.id, a.review_id, a.description, a.owner_person_id, a.due_on, a.status, a.version, a.created_at, a.updated_at
        """

    init(row: Row) {
        id = row.int(0)
        reviewID = row.int(1)
        description = row.text(2)
        ownerPersonID = row.int(3)
        dueOn = row.date(4)
        status = row.enumeration(5, or: Status.open)
        version = row.int(6)
        createdAt = row.timestamp(7)
        updatedAt = row.timestamp(8)
    }
}

extension ReviewAction: CSVExportable {
    public static let csvColumns = [
        "id", "reviewId", "description", "ownerPersonId", "dueOn", "status", "version", "createdAt", "updatedAt",
    ]
}
