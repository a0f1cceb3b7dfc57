import JSON
import SQLiteStore

/// A year's national comparison figures, as an admin entered them with their
/// source and definition (CONTRACT §3 "Evaluation outcomes", DOMAIN).
/// Rates are fractions 0-1; either may be unknown (not both), as Ofsted's
/// statistics do not always give how many schools declined.
public struct NationalRate: VersionedResource, Equatable, Sendable {
    public var year: Int
    public var improvedRate: Double?
    public var declinedRate: Double?
    public var source: String
    public var definition: String
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public static let years = 2000...2100

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("year", year)
        w.field("improvedRate", improvedRate)
        w.field("declinedRate", declinedRate)
        w.field("source", source)
        w.field("definition", definition)
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    static let columns = "year, improved_rate, declined_rate, source, definition, version, created_at, updated_at"

    init(row: Row) {
        year = row.int(0)
        improvedRate = row.optionalDouble(1)
        declinedRate = row.optionalDouble(2)
        source = row.text(3)
        definition = row.text(4)
        version = row.int(5)
        createdAt = row.timestamp(6)
        updatedAt = row.timestamp(7)
    }
}
