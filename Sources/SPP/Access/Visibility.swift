import SQLiteStore

/// A SQL boolean expression with its bound values, to splice into a WHERE clause.
public struct SQLCondition: Sendable {
    public var sql: String
    public var bindings: [any SQLValueConvertible & Sendable]

    public init(_ sql: String, _ bindings: [any SQLValueConvertible & Sendable] = []) {
        self.sql = sql
        self.bindings = bindings
    }

    public static let always = SQLCondition("1")
    public static let never = SQLCondition("0")

    /// True when every one of `conditions` is: a list's scope and filters as one WHERE clause.
    public init(all conditions: [SQLCondition]) {
        self.init(
            conditions.isEmpty ? "1" : conditions.map { "(\($0.sql))" }.joined(separator: " AND "),
            conditions.flatMap(\.bindings))
    }

    /// Inclusive `from`/`to` dates (CONTRACT §1) on a column of stored
    /// instants: from the start of `from` to before the start of the day after `to`.
    public static func onDates(_ column: String, from: CivilDate?, to: CivilDate?) -> [SQLCondition] {
        var conditions: [SQLCondition] = []
        if let from { conditions.append(SQLCondition("\(column) >= ?", [Timestamp(startOf: from).description])) }
        if let to {
            conditions.append(SQLCondition("\(column) < ?", [Timestamp(startOf: to.adding(days: 1)).description]))
        }
        return conditions
    }

    /// True when any one of `conditions` is.
    public init(any conditions: [SQLCondition]) {
        self.init(
            conditions.isEmpty ? "0" : conditions.map { "(\($0.sql))" }.joined(separator: " OR "),
            conditions.flatMap(\.bindings))
    }
}

/// What a key may see (CONTRACT §2), as SQL, so lists are filtered in the
/// query and single reads answer `404` for what is out of scope.
///
/// - admin: everything.
/// - trust T: its schools, the partnerships they actively belong to, and those
///   partnerships' active member schools.
/// - partnership P: P and its active member schools.
/// - anonymous: nothing that needs a key (public routes do not ask).
public struct Visibility: Sendable {
    public let caller: Caller

    public init(_ caller: Caller) { self.caller = caller }

    /// Partnerships visible to a trust key: those its schools actively belong to.
    private static let trustPartnerships = """
        SELECT m.partnership_id FROM memberships m JOIN schools s ON s.urn = m.urn
        WHERE s.trust_id = ? AND m.left_on IS NULL
        """

    /// True for visible school URNs in `column`.
    public func schools(_ column: String) -> SQLCondition {
        switch (caller.role, caller.scopeID) {
        case (.admin, _): return .always
        case (.trust, let trust?):
            return SQLCondition(
                """
                (\(column) IN (SELECT urn FROM schools WHERE trust_id = ?)
                 OR \(column) IN (SELECT urn FROM memberships WHERE left_on IS NULL
                                  AND partnership_id IN (\(Self.trustPartnerships))))
                """, [trust, trust])
        case (.partnership, let partnership?):
            return SQLCondition(
                "\(column) IN (SELECT urn FROM memberships WHERE left_on IS NULL AND partnership_id = ?)", [partnership]
            )
        default:
            return .never
        }
    }

    /// True for the schools whose people the key acts for (CONTRACT §2: "bookings
    /// for its people"): a trust's own schools, not the partnership members it
    /// only sees; a partnership's active members.
    public func ownSchools(_ column: String) -> SQLCondition {
        switch (caller.role, caller.scopeID) {
        case (.trust, let trust?):
            return SQLCondition("\(column) IN (SELECT urn FROM schools WHERE trust_id = ?)", [trust])
        default: return schools(column)
        }
    }

    /// True for visible partnership ids in `column`.
    public func partnerships(_ column: String) -> SQLCondition {
        switch (caller.role, caller.scopeID) {
        case (.admin, _): return .always
        case (.trust, let trust?): return SQLCondition("\(column) IN (\(Self.trustPartnerships))", [trust])
        case (.partnership, let partnership?): return SQLCondition("\(column) = ?", [partnership])
        default: return .never
        }
    }

    /// True where `column` holds a trust key's own trust; never for other keys.
    public func ownTrust(_ column: String) -> SQLCondition {
        switch (caller.role, caller.scopeID) {
        case (.admin, _): return .always
        case (.trust, let trust?): return SQLCondition("\(column) = ?", [trust])
        default: return .never
        }
    }

    /// True for visible trust ids in `column`: a trust key sees its own trust;
    /// a partnership key sees the trusts of its member schools.
    public func trusts(_ column: String) -> SQLCondition {
        let schools = self.schools("urn")
        let viaSchools = "\(column) IN (SELECT trust_id FROM schools WHERE \(schools.sql))"
        switch (caller.role, caller.scopeID) {
        case (.admin, _): return .always
        case (.trust, let trust?): return SQLCondition("(\(column) = ? OR \(viaSchools))", [trust] + schools.bindings)
        case (.partnership, _): return SQLCondition(viaSchools, schools.bindings)
        default: return .never
        }
    }
}
