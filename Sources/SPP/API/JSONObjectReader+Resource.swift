import JSON

/// Reading the body of a `POST` or merge-patch `PATCH` of a resource.
extension JSONObjectReader {
    /// A nullable field of a JSON Merge Patch (RFC 7396): left out it stays
    /// (nil), `null` clears it (`.some(nil)`), a value replaces it. An invalid
    /// value is nil too, with the error `read` recorded.
    mutating func nullable<T>(_ key: String, _ read: (inout JSONObjectReader) -> T?) -> T?? {
        let value = read(&self)
        return isNull(key) ? .some(nil) : value.map { .some($0) }
    }

    /// A `YYYY-MM-DD` field; nil when absent, or invalid with the error noted.
    mutating func date(_ key: String, required: Bool) -> CivilDate? {
        let text = string(key, required: required)
        let date = text.flatMap { CivilDate($0) }
        if text != nil, date == nil { addError(key, "must be a date (YYYY-MM-DD)") }
        return date
    }

    /// Call last instead of `finish()`: fields of the representation that the
    /// server keeps (ids, versions, derived values) are reported as such, not
    /// as unknown, so a client echoing a resource back learns why.
    mutating func finish(readOnly: Set<String>) -> [FieldError] {
        finish().map { error in
            readOnly.contains(error.field) && error.message == "is not a known field"
                ? FieldError(field: error.field, message: "is kept by the server and cannot be set") : error
        }
    }
}
