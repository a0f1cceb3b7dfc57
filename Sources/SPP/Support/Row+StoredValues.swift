import SQLiteStore

/// Values read from the column's bytes without a `String` in between. The
/// schema only stores what the API wrote, so a fallback stands in for text
/// that does not parse rather than failing a read.
extension Row {
    func timestamp(_ i: Int32) -> Timestamp {
        withUTF8(i) { Timestamp(utf8: $0) } ?? Timestamp(secondsSinceEpoch: 0)
    }

    func date(_ i: Int32) -> CivilDate {
        optionalDate(i) ?? CivilDate(daysSinceEpoch: 0)
    }

    func optionalDate(_ i: Int32) -> CivilDate? {
        withUTF8(i) { CivilDate.parse($0) } ?? nil
    }

    /// The case whose raw value the column holds. `init(rawValue:)` on a
    /// `String` made from the column cost 1.5k instructions a call, and a
    /// school row makes two.
    func enumeration<E: RawRepresentable & CaseIterable>(_ i: Int32, or fallback: E) -> E where E.RawValue == String {
        withUTF8(i) { E.matching($0) } ?? fallback
    }
}

extension RawRepresentable where Self: CaseIterable, RawValue == String {
    /// The case whose raw value is exactly `bytes`, compared as bytes.
    static func matching(_ bytes: UnsafeBufferPointer<UInt8>) -> Self? {
        for candidate in allCases {
            var raw = candidate.rawValue
            if raw.withUTF8({ $0.count == bytes.count && $0.elementsEqual(bytes) }) { return candidate }
        }
        return nil
    }
}
