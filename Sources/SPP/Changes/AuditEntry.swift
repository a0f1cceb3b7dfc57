import JSON

/// One recorded change as the audit log shows it to admins (CONTRACT §3
/// "Keys and audit"): what changed, when, and through which key and request.
/// Changes made from the command line have no key, method or path.
public struct AuditEntry: JSONEncodable, Sendable, Equatable {
    public var id: Int
    public var at: Timestamp
    public var keyID: Int?
    public var method: String?
    public var path: String?
    public var entity: Entity
    public var entityID: Int
    public var action: ChangeAction

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("at", at)
        w.field("keyId", keyID)
        w.field("method", method)
        w.field("path", path)
        w.field("entity", entity.rawValue)
        w.field("entityId", entityID)
        w.field("action", action.rawValue)
        w.endObject()
    }
}

extension AuditEntry: CSVExportable {
    public static let csvColumns = ["id", "at", "keyId", "method", "path", "entity", "entityId", "action"]
}
