import JSON
import SQLiteStore

/// A peer review of a host school by a team from other schools of its
/// partnership (CONTRACT §3 "Peer reviews"). It carries no grade of any kind.
public struct Review: VersionedResource, IDKeyedRecord, Equatable {
    public var id: Int
    public var partnershipID: Int
    public var hostUrn: Int
    public var focus: String?
    public var status: ReviewStatus
    public var visitStart: CivilDate?
    public var visitEnd: CivilDate?
    public var team: [TeamMember]
    public var workshopFacilitatorID: Int?
    /// Nil in the representation a trust key gets while the host has not shared them.
    public var findings: Findings?
    public var findingsShared: Bool
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public struct TeamMember: Equatable, Sendable {
        public enum Role: String, CaseIterable, Sendable {
            case leadReviewer = "lead_reviewer"
            case reviewer
        }

        public var personID: Int
        public var role: Role
    }

    public struct Findings: Equatable, Sendable {
        public var strengths: [String]
        public var areasForDevelopment: [String]
    }

    public static let readOnlyFields: Set<String> = [
        "id", "partnershipId", "hostUrn", "team", "version", "createdAt", "updatedAt",
    ]

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("partnershipId", partnershipID)
        w.field("hostUrn", hostUrn)
        w.field("focus", focus)
        w.field("status", status.rawValue)
        w.field("visitStart", visitStart?.description)
        w.field("visitEnd", visitEnd?.description)
        w.key("team")
        w.beginArray()
        for member in team {
            w.beginObject()
            w.field("personId", member.personID)
            w.field("role", member.role.rawValue)
            w.endObject()
        }
        w.endArray()
        w.field("workshopFacilitatorId", workshopFacilitatorID)
        w.key("findings")
        if let findings {
            w.beginObject()
            w.field("strengths", findings.strengths)
            w.field("areasForDevelopment", findings.areasForDevelopment)
            w.endObject()
        } else {
            w.null()
        }
        w.field("findingsShared", findingsShared)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    static let source = "reviews r"
    static let idColumn = "r.id"
    /// The team comes along as `person:role` pairs, so a page is one query.
    static let columns = """
        r.id, r.partnership_id, r.host_urn, r.focus, r.status, r.visit_start, r.visit_end,
        r.workshop_facilitator_id, r.strengths, r.areas_for_development, r.findings_shared, r.version,
        r.created_at, r.updated_at,
        (SELECT group_concat(t.person_id || ':' || t.role) FROM review_team t WHERE t.review_id = r.id)
        """

    init(row: Row) {
        id = row.int(0)
        partnershipID = row.int(1)
        hostUrn = row.int(2)
        focus = row.optionalText(3)
        status = row.enumeration(4, or: ReviewStatus.planned)
        visitStart = row.optionalDate(5)
        visitEnd = row.optionalDate(6)
        workshopFacilitatorID = row.optionalInt(7)
        findings = Findings(strengths: Self.texts(row.text(8)), areasForDevelopment: Self.texts(row.text(9)))
        findingsShared = row.int(10) != 0
        version = row.int(11)
        createdAt = row.timestamp(12)
        updatedAt = row.timestamp(13)
        team = (row.optionalText(14) ?? "").split(separator: ",").compactMap { pair in
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let person = Int(parts[0]), let role = TeamMember.Role(rawValue: String(parts[1]))
            else { return nil }
            return TeamMember(personID: person, role: role)
        }.sorted { $0.personID < $1.personID }
    }

    /// A JSON array of strings as the service stored it.
    static func texts(_ stored: String) -> [String] {
        guard case .array(let items)? = try? JSONParser.parse(Array(stored.utf8)) else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    static func stored(_ texts: [String]) -> String {
        var w = JSONWriter(capacity: 64)
        w.beginArray()
        for text in texts { w.string(text) }
        w.endArray()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

extension Review: CSVExportable {
    public static let csvColumns = [
        "id", "partnershipId", "hostUrn", "focus", "status", "visitStart", "visitEnd", "team", "workshopFacilitatorId",
        "findings.strengths", "findings.areasForDevelopment", "findingsShared", "version", "createdAt", "updatedAt",
    ]
}
