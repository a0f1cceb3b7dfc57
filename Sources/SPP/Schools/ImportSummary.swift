import JSON

/// What an import did, or in a dry run would do: schools by outcome, and the
/// trusts it created or renamed on the way.
public struct ImportSummary: JSONEncodable, Sendable, Equatable {
    public var created = 0
    public var updated = 0
    /// Schools whose every field already matched: not touched, no version bump.
    public var unchanged = 0
    public var trustsCreated = 0
    public var trustsRenamed = 0
    public var dryRun = false

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("created", created)
        w.field("updated", updated)
        w.field("unchanged", unchanged)
        w.key("trusts")
        w.beginObject()
        w.field("created", trustsCreated)
        w.field("renamed", trustsRenamed)
        w.endObject()
        w.field("dryRun", dryRun)
        w.endObject()
    }
}
