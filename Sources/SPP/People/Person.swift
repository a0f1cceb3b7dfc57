import JSON
import SQLiteStore

/// Someone in a partnership school who takes part in SPP (CONTRACT §3 "People").
public struct Person: VersionedResource, IDKeyedRecord, Equatable {
    public var id: Int
    public var name: String
    /// Personal data: only ever answered to callers with a key (every people route needs one).
    public var email: String
    public var schoolUrn: Int
    public var roles: [PersonRole]
    public var accreditations: [Accreditation]
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("name", name)
        w.field("email", email)
        w.field("schoolUrn", schoolUrn)
        w.field("roles", roles.map(\.rawValue))
        w.field("accreditations", accreditations)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    static let source = "people p"
    static let idColumn = "p.id"
    /// Roles and accreditations come in the same row, so a page is one query.
    static let columns = """
        p.id, p.name, p.email, p.school_urn, p.version, p.created_at, p.updated_at,
        (SELECT group_concat(r.role) FROM person_roles r WHERE r.person_id = p.id),
        (SELECT group_concat(a.course || ' ' || a.completed_on || ' ' || a.valid_until)
         FROM accreditations a WHERE a.person_id = p.id)
        """

    init(row: Row) {
        id = row.int(0)
        name = row.text(1)
        email = row.text(2)
        schoolUrn = row.int(3)
        version = row.int(4)
        createdAt = row.timestamp(5)
        updatedAt = row.timestamp(6)
        roles = row.withUTF8(7) { PersonRole.list(stored: $0) }
        accreditations = row.withUTF8(8) { Accreditation.list(stored: $0) }
    }

    init(id: Int, name: String, email: String, schoolUrn: Int, roles: [PersonRole], createdAt: Timestamp) {
        self.id = id
        self.name = name
        self.email = email
        self.schoolUrn = schoolUrn
        self.roles = roles
        accreditations = []
        version = 1
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}

extension Person: CSVExportable {
    public static let csvColumns = [
        "id", "name", "email", "schoolUrn", "roles", "accreditations", "version", "createdAt", "updatedAt",
    ]
}
