import SQLiteStore

extension Row {
    /// A stored timestamp, parsed from the column's bytes without a `String`
    /// in between. The schema only stores what `Timestamp` wrote, so the
    /// epoch stands in for text that does not parse rather than failing a read.
    func timestamp(_ i: Int32) -> Timestamp {
        withUTF8(i) { Timestamp(utf8: $0) } ?? Timestamp(secondsSinceEpoch: 0)
    }
}
