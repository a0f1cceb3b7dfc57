/// A type that writes itself as one JSON value.
///
/// Types write themselves instead of going through `Codable` because
/// `JSONEncoder` is too slow on Linux for encoding every response, and a
/// hand-written `encode(to:)` keeps field names and null handling explicit.
public protocol JSONEncodable {
    /// Writes exactly one value (typically `beginObject` … `endObject`).
    func encode(to writer: inout JSONWriter)
}

extension JSONEncodable {
    /// The encoded value on its own, e.g. a response body.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension JSONValue: JSONEncodable {
    public func encode(to writer: inout JSONWriter) {
        writer.value(self)
    }
}
