import SQLiteStore
import Testing

struct MigratorTests {
    private static let first = Migration(
        version: 1, name: "users",
        sql: """
            CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
            """)
    private static let second = Migration(
        version: 2, name: "user_email",
        sql: """
            ALTER TABLE users ADD COLUMN email TEXT;
            CREATE UNIQUE INDEX users_email ON users (email);
            """)
    private static let third = Migration(
        version: 3, name: "posts",
        sql: """
            CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id)) STRICT;
            """)

    private func recorded(_ database: Database) throws -> [String] {
        try database.read { connection in
            try connection.fetch("SELECT version, name, applied_at FROM schema_migrations ORDER BY version") {
                "\($0.int(0)) \($0.text(1)) \($0.text(2).isEmpty ? "-" : "at")"
            }
        }
    }

    private func tableExists(_ name: String, in database: Database) throws -> Bool {
        try database.read { try $0.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = ?", [name]) } == 1
    }

    @Test func migrateAppliesPendingMigrationsInVersionOrderAndRecordsThem() throws {
        try withDatabase { database, _ throws in
            let migrator = Migrator(migrations: [Self.third, Self.first, Self.second])
            #expect(try migrator.currentVersion(database) == 0)
            #expect(try migrator.migrate(database) == [1, 2, 3])
            #expect(try recorded(database) == ["1 users at", "2 user_email at", "3 posts at"])
            #expect(try migrator.currentVersion(database) == 3)
            #expect(migrator.latestVersion == 3)
            #expect(try tableExists("posts", in: database))
        }
    }

    @Test func migrateIsIdempotent() throws {
        try withDatabase { database, _ throws in
            let migrator = Migrator(migrations: [Self.first, Self.second])
            try migrator.migrate(database)
            #expect(try migrator.migrate(database) == [])
            #expect(try recorded(database).count == 2)
        }
    }

    @Test func migrateAppliesOnlyWhatIsNewSinceTheLastRun() throws {
        try withDatabase { database, _ throws in
            try Migrator(migrations: [Self.first]).migrate(database)
            #expect(try Migrator(migrations: [Self.first, Self.second, Self.third]).migrate(database) == [2, 3])
        }
    }

    @Test func failingMigrationIsRolledBackEntirelyAndEarlierOnesStay() throws {
        let broken = Migration(
            version: 3, name: "broken",
            sql: """
                CREATE TABLE half_done (x INTEGER);
                INSERT INTO no_such_table VALUES (1);
                """)
        try withDatabase { database, _ throws in
            let migrator = Migrator(migrations: [Self.first, Self.second, broken])
            let error = #expect(throws: MigrationError.self) { try migrator.migrate(database) }
            guard case .failed(let version, let message) = error else {
                Issue.record("expected .failed, got \(String(describing: error))")
                return
            }
            #expect(version == 3)
            #expect(message.contains("no_such_table"))
            #expect(try migrator.currentVersion(database) == 2)
            #expect(try !tableExists("half_done", in: database))
            #expect(try tableExists("users", in: database))
        }
    }

    @Test func migrateRefusesADatabaseFromANewerBuild() throws {
        try withDatabase { database, _ throws in
            try Migrator(migrations: [Self.first, Self.second, Self.third]).migrate(database)
            let older = Migrator(migrations: [Self.first, Self.second])
            #expect(throws: MigrationError.databaseNewer(found: 3, known: 2)) { try older.migrate(database) }
            #expect(try older.currentVersion(database) == 3)
        }
    }

    @Test func noMigrationsMeansVersionZero() throws {
        try withDatabase { database, _ throws in
            let migrator = Migrator(migrations: [])
            #expect(migrator.latestVersion == 0)
            #expect(try migrator.migrate(database) == [])
            #expect(try migrator.currentVersion(database) == 0)
        }
    }

    @Test func errorDescriptionsSayWhatWentWrong() {
        #expect(MigrationError.databaseNewer(found: 5, known: 3).description.contains("5"))
        #expect(MigrationError.invalidFileName("abc.sql").description.contains("abc.sql"))
        #expect(MigrationError.duplicateVersion(7).description.contains("7"))
        #expect(MigrationError.failed(version: 2, message: "boom").description.contains("boom"))
    }
}
