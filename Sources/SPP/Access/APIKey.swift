import JSON

/// An API key as listed to admins: never the secret, only its metadata.
public struct APIKey: JSONEncodable, Sendable, Equatable {
    public var id: Int
    public var name: String
    public var role: Role
    public var scope: Int?
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        encodeFields(to: &w)
        w.endObject()
    }

    func encodeFields(to w: inout JSONWriter) {
        w.field("id", id)
        w.field("name", name)
        w.field("role", role.rawValue)
        w.field("scope", scope)
        w.field("createdAt", createdAt)
        w.field("lastUsedAt", lastUsedAt)
    }
}

/// A key just created: the only time its secret is shown (CONTRACT §3 "Keys").
public struct IssuedKey: JSONEncodable, Sendable {
    public var key: APIKey
    public var secret: String

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        key.encodeFields(to: &w)
        w.field("key", secret)
        w.endObject()
    }
}

extension APIKey: CSVExportable {
    public static let csvColumns = ["id", "name", "role", "scope", "createdAt", "lastUsedAt"]
}
