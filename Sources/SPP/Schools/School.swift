import JSON
import SQLiteStore

/// A school in the register, identified by its GIAS URN (CONTRACT §3 "Schools").
public struct School: VersionedResource, IDKeyedRecord, Equatable {
    public var urn: Int
    public var name: String
    public var phase: Phase
    /// GIAS "TypeOfEstablishment" as text: that list is long and DfE changes
    /// it, so it is not an enumeration of ours.
    public var type: String
    public var localAuthority: String
    public var region: Region
    public var trustID: Int?
    /// The school this one replaced (e.g. on academy conversion); outcomes follow the chain.
    public var predecessorUrn: Int?
    /// The effective grade `SchoolGrades` keeps; read-only through the API.
    public var ofstedGrade: Int?
    public var pupils: Int?
    public var postcode: String?
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// GIAS URNs are six digits.
    public static let urns = 100_000...999_999
    public static let pupilCounts = 0...100_000
    /// The longest UK postcode is 8 characters ("SW1A 1AA"); 10 leaves room for odd spacing.
    public static let postcodeMaxLength = 10
    /// Fields of the representation a client may not write: they are derived or kept by the server.
    public static let readOnlyFields: Set<String> = ["ofstedGrade", "version", "createdAt", "updatedAt"]

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("urn", urn)
        w.field("name", name)
        w.field("phase", phase.rawValue)
        w.field("type", type)
        w.field("localAuthority", localAuthority)
        w.field("region", region.rawValue)
        w.field("trustId", trustID)
        w.field("predecessorUrn", predecessorUrn)
        w.field("ofstedGrade", ofstedGrade)
        w.field("pupils", pupils)
        w.field("postcode", postcode)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    /// The URN is the id: lists page by it and single reads look it up.
    var id: Int { urn }
    static let source = "schools s"
    static let idColumn = "s.urn"
    static let columns = """
        s.urn, s.name, s.phase, s.type, s.local_authority, s.region, s.trust_id, s.predecessor_urn, s.ofsted_grade,
        s.pupils, s.postcode, s.version, s.created_at, s.updated_at
        """

    init(row: Row) {
        urn = row.int(0)
        name = row.text(1)
        phase = row.enumeration(2, or: Phase.notApplicable)
        type = row.text(3)
        localAuthority = row.text(4)
        region = row.enumeration(5, or: Region.notApplicable)
        trustID = row.optionalInt(6)
        predecessorUrn = row.optionalInt(7)
        ofstedGrade = row.optionalInt(8)
        pupils = row.optionalInt(9)
        postcode = row.optionalText(10)
        version = row.int(11)
        createdAt = row.timestamp(12)
        updatedAt = row.timestamp(13)
    }

    init(
        urn: Int, name: String, phase: Phase, type: String, localAuthority: String, region: Region, trustID: Int?,
        predecessorUrn: Int?, pupils: Int?, postcode: String?, createdAt: Timestamp
    ) {
        self.urn = urn
        self.name = name
        self.phase = phase
        self.type = type
        self.localAuthority = localAuthority
        self.region = region
        self.trustID = trustID
        self.predecessorUrn = predecessorUrn
        ofstedGrade = nil
        self.pupils = pupils
        self.postcode = postcode
        version = 1
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}

extension School: CSVExportable {
    public static let csvColumns = [
        "urn", "name", "phase", "type", "localAuthority", "region", "trustId", "predecessorUrn", "ofstedGrade",
        "pupils", "postcode", "version", "createdAt", "updatedAt",
    ]
}
