import SQLiteStore

/// Reads the audit log: the `changes` rows that `ChangeLog` writes in the
/// same transaction as each change.
public struct AuditService: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Filters: Sendable {
        public var keyID: Int?
        public var entity: Entity?
        /// Inclusive dates on `at`, in UTC.
        public var from: CivilDate?
        public var to: CivilDate?
    }

    /// Newest first, keyset on the sequence number, so a page stays stable
    /// while new changes arrive. The log has no secondary index (each would
    /// be one more page written by every change), so a filter is a scan of
    /// the log from the newest entry that stops once the page is full.
    public func list(_ filters: Filters, _ page: PageRequest) throws -> Page<AuditEntry> {
        var conditions: [SQLCondition] = []
        if let keyID = filters.keyID { conditions.append(SQLCondition("key_id = ?", [keyID])) }
        if let entity = filters.entity { conditions.append(SQLCondition("entity = ?", [entity.rawValue])) }
        conditions += SQLCondition.onDates("at", from: filters.from, to: filters.to)
        if !page.after.isEmpty {
            guard page.after.count == 1, let seq = Int(page.after[0]) else {
                throw PageRequest.invalidCursor
            }
            conditions.append(SQLCondition("seq < ?", [seq]))
        }
        let filter = SQLCondition(all: conditions)
        let rows = try database.read { db in
            try db.fetch(
                """
                SELECT seq, at, key_id, method, path, entity, entity_id, action FROM changes
                WHERE \(filter.sql) ORDER BY seq DESC LIMIT ?
                """, filter.bindings + [page.limit + 1]
            ) { row in
                AuditEntry(
                    id: row.int(0), at: row.timestamp(1), keyID: row.optionalInt(2), method: row.optionalText(3),
                    path: row.optionalText(4), entity: row.enumeration(5, or: Entity.school), entityID: row.int(6),
                    action: row.enumeration(7, or: ChangeAction.updated))
            }
        }
        return Page(fetched: rows, limit: page.limit) { [String($0.id)] }
    }
}
