/// A non-copying view of the current row, valid only inside the closure it is passed to.
///
/// It reads straight from the statement's current row, so mapping a result set
/// costs no intermediate storage; the price is that it must not escape the
/// closure, because the statement moves on (or is reused) once it returns.
public struct Row {
    let statement: Statement

    public var columnCount: Int32 { statement.columnCount }
    public func columnName(_ i: Int32) -> String { statement.columnName(i) }
    public func isNull(_ i: Int32) -> Bool { statement.isNull(i) }
    public func int(_ i: Int32) -> Int { statement.int(i) }
    public func int64(_ i: Int32) -> Int64 { statement.int64(i) }
    public func double(_ i: Int32) -> Double { statement.double(i) }
    public func text(_ i: Int32) -> String { statement.text(i) }
    /// A column's text as the statement holds it, valid only inside `body`:
    /// for values parsed from their bytes (timestamps), where a `String` would
    /// be an allocation and a UTF-8 validation thrown away at once.
    public func withUTF8<R>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try statement.withUTF8(i, body)
    }
    public func optionalInt(_ i: Int32) -> Int? { statement.optionalInt(i) }
    public func optionalText(_ i: Int32) -> String? { statement.optionalText(i) }
    public func optionalDouble(_ i: Int32) -> Double? { statement.optionalDouble(i) }
    public func blob(_ i: Int32) -> [UInt8] { statement.blob(i) }
    public func value(_ i: Int32) -> SQLValue { statement.value(i) }

    /// Looks a column up by its result name (`AS` alias if any).
    ///
    /// A name that is not in the result is a programming error in the query or
    /// the mapping, not a data condition, so it traps instead of returning NULL
    /// and letting the typo pass silently.
    public subscript(name: String) -> SQLValue {
        guard let index = statement.columnIndex(named: name) else {
            preconditionFailure("no column named '\(name)' in: \(statement.sql)")
        }
        return statement.value(index)
    }
}
