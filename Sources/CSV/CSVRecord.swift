/// One record of a CSV file, with the line it came from so that import
/// errors can point at it.
public struct CSVRecord: Sendable, Equatable {
    /// The physical line (1-based) where the record starts; a record with
    /// line breaks inside quoted fields spans several lines.
    public let line: Int
    /// The fields exactly as written, unquoted. Rows are not required to
    /// have the same number of fields: the caller checks column counts
    /// against its header, where it can say which column is missing.
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
