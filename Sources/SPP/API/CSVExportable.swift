import JSON

/// A list item whose CSV header is named up front, so that every export of a
/// list has the same columns: an empty one too, and one in which a nested
/// object (an inspection's report card) is null in every row. Columns taken
/// from the rows would vanish or move in those cases, and a script reading
/// the file by column would break on them.
public protocol CSVExportable: JSONEncodable, Sendable {
    /// The JSON field names in order, nested objects flattened as `parent.child`.
    static var csvColumns: [String] { get }
}
