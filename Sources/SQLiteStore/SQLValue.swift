/// A value bound to or read from SQLite.
///
/// Mirrors SQLite's five storage classes exactly, so a value read back with
/// `Statement.value(_:)` can be compared with what was bound without any
/// lossy conversion in between.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
