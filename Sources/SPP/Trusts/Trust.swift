import JSON
import SQLiteStore

/// A multi-academy trust: it runs several schools, and its dashboards watch
/// them (CONTRACT §3 "Trusts").
public struct Trust: VersionedResource, IDKeyedRecord, Equatable {
    public var id: Int
    public var name: String
    /// The trust's code in GIAS: the import matches trusts by it.
    public var giasCode: String?
    public var companiesHouseNumber: String?
    /// Every school in the register the trust runs. The register is public
    /// data, so the count is the same whatever the key's scope; it is part of
    /// the representation, so a school joining or leaving bumps the version.
    public var schoolCount: Int
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public static let giasCodeMaxLength = 20
    /// Fields of the representation a client may not write.
    public static let readOnlyFields: Set<String> = ["id", "schoolCount", "version", "createdAt", "updatedAt"]

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("name", name)
        w.field("giasCode", giasCode)
        w.field("companiesHouseNumber", companiesHouseNumber)
        w.field("schoolCount", schoolCount)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    static let source = "trusts t"
    static let idColumn = "t.id"
    /// The count uses the index of schools by trust.
    static let columns = """
        t.id, t.name, t.gias_code, t.companies_house_number, t.version, t.created_at, t.updated_at,
        (SELECT count(*) FROM schools s WHERE s.trust_id = t.id)
        """

    init(row: Row) {
        id = row.int(0)
        name = row.text(1)
        giasCode = row.optionalText(2)
        companiesHouseNumber = row.optionalText(3)
        version = row.int(4)
        createdAt = row.timestamp(5)
        updatedAt = row.timestamp(6)
        schoolCount = row.int(7)
    }

    init(id: Int, name: String, giasCode: String?, companiesHouseNumber: String?, createdAt: Timestamp) {
        self.id = id
        self.name = name
        self.giasCode = giasCode
        self.companiesHouseNumber = companiesHouseNumber
        schoolCount = 0
        version = 1
        self.createdAt = createdAt
        updatedAt = createdAt
    }

    /// Companies House numbers are eight characters: digits, or a two-letter
    /// prefix such as `SC` (Scotland) followed by digits.
    public static func isCompaniesHouseNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 8 else { return false }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let isCapital = { (b: UInt8) in b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
        return bytes[2...].allSatisfy(isDigit) && bytes[..<2].allSatisfy { isDigit($0) || isCapital($0) }
    }
}

extension Trust: CSVExportable {
    public static let csvColumns = [
        "id", "name", "giasCode", "companiesHouseNumber", "schoolCount", "version", "createdAt", "updatedAt",
    ]
}
