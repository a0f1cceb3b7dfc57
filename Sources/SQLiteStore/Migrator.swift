/// Brings a database's schema up to the newest known `Migration`.
public struct Migrator: Sendable {
    /// Sorted by version.
    public let migrations: [Migration]

    /// Versions must be positive and unique: they are what the database records,
    /// so two migrations sharing one would make "applied" ambiguous.
    public init(migrations: [Migration]) {
        let sorted = migrations.sorted { $0.version < $1.version }
        precondition(sorted.allSatisfy { $0.version > 0 }, "migration versions must be positive")
        precondition(
            zip(sorted, sorted.dropFirst()).allSatisfy { $0.version < $1.version },
            "migration versions must be unique")
        self.migrations = sorted
    }

    /// The version the database will be at after `migrate`; 0 with no migrations.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies pending migrations in order, each in its own transaction on the
    /// writer, recording it in `schema_migrations`. A failing migration is
    /// rolled back entirely and stops the run; earlier ones stay applied, so a
    /// fixed build can resume from there. Returns the versions applied.
    @discardableResult
    public func migrate(_ database: Database) throws -> [Int] {
        let found = try database.write { connection in
            try connection.execute(Self.createTable)
            return try connection.scalarInt(Self.maxVersion) ?? 0
        }
        guard found <= latestVersion else {
            throw MigrationError.databaseNewer(found: found, known: latestVersion)
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > found {
            if try apply(migration, to: database) {
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// The highest version recorded in the database; 0 when none.
    public func currentVersion(_ database: Database) throws -> Int {
        try database.read { connection in
            let hasTable = try connection.scalarInt(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
            guard hasTable == 1 else { return 0 }
            return try connection.scalarInt(Self.maxVersion) ?? 0
        }
    }

    /// Returns false when another process applied it first; the version is
    /// re-checked under the write lock so that race cannot apply it twice.
    private func apply(_ migration: Migration, to database: Database) throws -> Bool {
        do {
            return try database.write { connection in
                guard try connection.scalarInt(Self.maxVersion) ?? 0 < migration.version else { return false }
                try connection.execute(migration.sql)
                try connection.run(Self.record, [migration.version, migration.name])
                return true
            }
        } catch {
            throw MigrationError.failed(version: migration.version, message: "\(error)")
        }
    }

    private static let maxVersion = "SELECT max(version) FROM schema_migrations"

    /// UTC with milliseconds, from SQLite's clock so no date library is needed.
    private static let record = """
        INSERT INTO schema_migrations (version, name, applied_at)
        VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        """

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL
        ) STRICT
        """
}
