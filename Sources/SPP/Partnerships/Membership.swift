import JSON
import SQLiteStore

/// One period of a school's membership of a partnership. Leaving closes the
/// period and re-joining opens a new one, so the history that reciprocity
/// and outcomes are computed from is never lost.
public struct Membership: VersionedResource, Sendable, Equatable {
    /// The period's own id: the keyset tie-breaker when a school has several periods.
    var id: Int
    public var urn: Int
    public var schoolName: String
    public var joinedOn: CivilDate
    public var leftOn: CivilDate?
    /// Not part of the body (CONTRACT §3 lists the fields); it is the period's
    /// `ETag`, which `DELETE` checks against `If-Match`.
    public var version: Int

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("urn", urn)
        w.field("name", schoolName)
        w.field("joinedOn", joinedOn.description)
        w.field("leftOn", leftOn?.description)
        w.endObject()
    }

    /// The select list `init(row:)` reads, for `memberships m JOIN schools s`.
    static let columns = "m.id, m.urn, s.name, m.joined_on, m.left_on, m.version"

    init(row: Row) {
        id = row.int(0)
        urn = row.int(1)
        schoolName = row.text(2)
        joinedOn = row.date(3)
        leftOn = row.optionalDate(4)
        version = row.int(5)
    }

    init(id: Int, urn: Int, schoolName: String, joinedOn: CivilDate) {
        self.id = id
        self.urn = urn
        self.schoolName = schoolName
        self.joinedOn = joinedOn
        leftOn = nil
        version = 1
    }
}

extension Membership: CSVExportable {
    public static let csvColumns = ["urn", "name", "joinedOn", "leftOn"]
}
