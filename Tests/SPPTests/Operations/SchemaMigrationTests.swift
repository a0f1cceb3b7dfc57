import Foundation
import SQLiteStore
import TestSupport
import Testing

/// The real `migrations/` applied in steps, with data written in between, the
/// way a deployed database meets a new release.
@Suite struct SchemaMigrationTests {
    private static let migrations = try! Migration.load(directory: TestServer.resources.migrationsPath)

    private func withDatabase(migratedTo version: Int, _ body: (Database) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spp-migration-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Database(path: directory.appendingPathComponent("spp.sqlite").path)
        defer { database.close() }
        try Migrator(migrations: Self.migrations.filter { $0.version <= version }).migrate(database)
        try body(database)
    }

    /// Rows written under the IN-list checks survive the rebuild of version 4.
    @Test func rebuildingTheWriteTablesKeepsEveryRowAndIndex() throws {
        try withDatabase(migratedTo: 3) { database in
            try database.write { db in
                try db.execute(
                    """
                    INSERT INTO schools (urn, name, phase, type, local_authority, region, created_at, updated_at)
                        VALUES (100001, 'A School', 'primary', 'Academy', 'Camden', 'london', 'x', 'x');
                    INSERT INTO people (id, name, email, school_urn, created_at, updated_at)
                        VALUES (7, 'Ann', 'ann@example.org', 100001, 'x', 'x');
                    INSERT INTO person_roles VALUES (7, 'peer_reviewer'), (7, 'headteacher');
                    INSERT INTO training_sessions (id, course, title, starts_at, ends_at, online, capacity, created_at, updated_at)
                        VALUES (3, 'peer_reviewer', 'T', '2026-01-01T09:00:00Z', '2026-01-01T16:00:00Z', 0, 5, 'x', 'x');
                    INSERT INTO bookings (id, session_id, person_id, status, created_at, updated_at)
                        VALUES (11, 3, 7, 'waitlisted', 'x', 'x');
                    INSERT INTO changes (seq, entity, entity_id, action, at) VALUES (41, 'booking', 11, 'created', 'x');
                    """)
            }
            try Migrator(migrations: Self.migrations).migrate(database)
            try database.read { db in
                #expect(try db.scalarInt("SELECT count(*) FROM person_roles WHERE person_id = 7") == 2)
                #expect(try db.scalarInt("SELECT id FROM bookings WHERE status = 'waitlisted'") == 11)
                #expect(try db.scalarInt("SELECT seq FROM changes WHERE entity = 'booking'") == 41)
                let indexes = try db.fetch("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") {
                    $0.text(0)
                }
                for index in [
                    "person_roles_by_role", "bookings_one_active", "bookings_by_session", "bookings_by_person",
                ] {
                    #expect(indexes.contains(index), "\(index) is missing")
                }
                #expect(try db.fetchOne("PRAGMA foreign_key_check") { $0.text(0) } == nil)
            }
        }
    }

    @Test(arguments: [
        "INSERT INTO changes (entity, entity_id, action, at) VALUES ('pupil', 1, 'created', 'x')",
        "INSERT INTO changes (entity, entity_id, action, at) VALUES ('person', 1, 'archived', 'x')",
        "INSERT INTO person_roles VALUES (7, 'governor')",
        "INSERT INTO bookings (session_id, person_id, status, created_at, updated_at) VALUES (3, 7, 'pending', 'x', 'x')",
    ])
    func enumerationChecksStillRejectUnknownValues(_ statement: String) throws {
        try withDatabase(migratedTo: Int.max) { database in
            let error = #expect(throws: SQLiteError.self) { try database.write { try $0.execute(statement) } }
            #expect(error?.message.contains("CHECK constraint failed") == true)
        }
    }

    /// The point of version 4: no temporary b-tree per inserted row.
    @Test(arguments: ["changes", "person_roles", "bookings"])
    func insertsBuildNoTemporaryTable(_ table: String) throws {
        try withDatabase(migratedTo: Int.max) { database in
            let columns = try database.read { db in
                try db.fetch("SELECT name FROM pragma_table_info(?)", [table]) { $0.text(0) }
            }
            let values = Array(repeating: "NULL", count: columns.count).joined(separator: ", ")
            let plan = try database.read { db in
                try db.fetch("EXPLAIN INSERT INTO \(table) VALUES (\(values))") { $0.text(1) }
            }
            #expect(!plan.isEmpty)
            #expect(!plan.contains("OpenEphemeral"))
        }
    }
}
