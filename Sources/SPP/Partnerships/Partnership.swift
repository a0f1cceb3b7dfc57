import JSON
import SQLiteStore

/// Where a partnership is in its life: forming until its schools start
/// reviewing, active while they do, closed when it stops.
public enum PartnershipStatus: String, CaseIterable, Sendable {
    case forming, active, closed
}

/// The programme's stages of a partnership's growth, from building the
/// habits of peer review to acting as a hub for others.
public enum PartnershipMaturity: String, CaseIterable, Sendable {
    case build, embed, sustain, hub
}

/// A cluster of schools that review each other (CONTRACT §3 "Partnerships").
public struct Partnership: VersionedResource, IDKeyedRecord, Equatable {
    public var id: Int
    public var name: String
    /// The year the partnership joined SPP.
    public var cohort: Int
    public var region: Region?
    public var status: PartnershipStatus
    public var maturity: PartnershipMaturity
    public var leadPersonID: Int?
    /// Schools whose membership is open today.
    public var memberCount: Int
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public static let cohorts = 2014...2100
    /// Partnerships usually have three to seven schools, sometimes more (DOMAIN.md).
    public static let usualSize = 3...7

    public var warnings: [String] { Self.warnings(activeMembers: memberCount) }

    /// Advice, never a rejection: a partnership may pass through other sizes
    /// while schools join and leave.
    public static func warnings(activeMembers count: Int) -> [String] {
        guard !usualSize.contains(count) else { return [] }
        let schools = count == 1 ? "1 active member school" : "\(count) active member schools"
        return [
            "The partnership has \(schools); partnerships usually have \(usualSize.lowerBound) to \(usualSize.upperBound)."
        ]
    }

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("name", name)
        w.field("cohort", cohort)
        w.field("region", region?.rawValue)
        w.field("status", status.rawValue)
        w.field("maturity", maturity.rawValue)
        w.field("leadPersonId", leadPersonID)
        w.field("memberCount", memberCount)
        w.field("warnings", warnings)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    static let source = "partnerships p"
    static let idColumn = "p.id"
    /// The member count uses the index of open memberships.
    static let columns = """
        p.id, p.name, p.cohort, p.region, p.status, p.maturity, p.lead_person_id, p.version, p.created_at,
        p.updated_at, (SELECT count(*) FROM memberships m WHERE m.partnership_id = p.id AND m.left_on IS NULL)
        """

    init(row: Row) {
        id = row.int(0)
        name = row.text(1)
        cohort = row.int(2)
        region = row.optionalText(3).flatMap(Region.init(rawValue:))
        status = row.enumeration(4, or: PartnershipStatus.forming)
        maturity = row.enumeration(5, or: PartnershipMaturity.build)
        leadPersonID = row.optionalInt(6)
        version = row.int(7)
        createdAt = row.timestamp(8)
        updatedAt = row.timestamp(9)
        memberCount = row.int(10)
    }

    init(id: Int, name: String, cohort: Int, region: Region?, leadPersonID: Int?, createdAt: Timestamp) {
        self.id = id
        self.name = name
        self.cohort = cohort
        self.region = region
        status = .forming
        maturity = .build
        self.leadPersonID = leadPersonID
        memberCount = 0
        version = 1
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}

extension Partnership: CSVExportable {
    public static let csvColumns = [
        "id", "name", "cohort", "region", "status", "maturity", "leadPersonId", "memberCount", "warnings", "version",
        "createdAt", "updatedAt",
    ]
}
