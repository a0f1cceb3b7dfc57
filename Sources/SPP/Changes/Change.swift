import JSON

/// One entry of the changes feed (CONTRACT §3 "Changes feed"): enough for a
/// dashboard to know what to read again, nothing about who made it.
public struct Change: JSONEncodable, Sendable, Equatable {
    public var seq: Int
    public var entity: Entity
    public var id: Int
    public var action: ChangeAction
    public var at: Timestamp

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("seq", seq)
        w.field("entity", entity.rawValue)
        w.field("id", id)
        w.field("action", action.rawValue)
        w.field("at", at)
        w.endObject()
    }
}

extension Change: CSVExportable {
    public static let csvColumns = ["seq", "entity", "id", "action", "at"]
}
