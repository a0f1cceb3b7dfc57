import JSON

extension JSONWriter {
    /// Writes the timestamp's RFC 3339 text from a stack buffer, not a `String`.
    mutating func field(_ k: StaticString, _ t: Timestamp?) {
        key(k)
        guard let t else { return null() }
        t.withUTF8 { string(utf8: $0) }
    }
}
