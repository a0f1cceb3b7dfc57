import JSON
import SQLiteStore

/// A resource stored one row per integer id and listed in id order. Such
/// lists page and look up rows the same way, so they share these two reads;
/// each resource only says where its rows are and how to map one.
protocol IDKeyedRecord: JSONEncodable, Sendable {
    /// The `FROM` clause, with the alias that `columns` and conditions use (`people p`).
    static var source: String { get }
    /// The id column under that alias (`p.id`).
    static var idColumn: String { get }
    /// The select list `init(row:)` reads.
    static var columns: String { get }
    init(row: Row)
    var id: Int { get }
}

extension IDKeyedRecord {
    /// One page after the cursor's id, of the rows matching every condition
    /// (scope and filters): `limit + 1` rows are fetched to learn whether more follow.
    static func page(_ db: Connection, where conditions: [SQLCondition], _ page: PageRequest) throws -> Page<Self> {
        let after = SQLCondition("\(idColumn) > ?", [try page.afterIntegers(1)?[0] ?? 0])
        let filter = SQLCondition(all: conditions + [after])
        let rows = try db.fetch(
            "SELECT \(columns) FROM \(source) WHERE \(filter.sql) ORDER BY \(idColumn) LIMIT ?",
            filter.bindings + [page.limit + 1], Self.init(row:))
        return Page(fetched: rows, limit: page.limit) { [String($0.id)] }
    }

    /// The row with `id` if it also meets `condition` (typically the caller's scope).
    static func find(_ db: Connection, id: Int, where condition: SQLCondition) throws -> Self? {
        try db.fetchOne(
            "SELECT \(columns) FROM \(source) WHERE \(idColumn) = ? AND \(condition.sql)", [id] + condition.bindings,
            Self.init(row:))
    }
}
