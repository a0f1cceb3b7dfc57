/// One step of schema evolution, identified by an increasing version.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    /// A script of one or more statements, run inside the migration's
    /// transaction; it must not contain BEGIN/COMMIT itself, and
    /// `PRAGMA foreign_keys` has no effect there.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
