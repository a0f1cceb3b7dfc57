import Foundation
import SQLiteStore
import Testing

struct MigrationTests {
    private func withFiles<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        try withTemporaryDirectory { directory in
            for (name, contents) in files {
                try contents.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            }
            return try body(directory)
        }
    }

    @Test func loadParsesVersionAndNameAndSortsByVersion() throws {
        let migrations = try withFiles([
            "0002_add_email.sql": "ALTER TABLE users ADD COLUMN email TEXT;",
            "0001_init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            "0010_later-step.sql": "SELECT 1;",
        ]) { try Migration.load(directory: $0) }
        #expect(
            migrations == [
                Migration(version: 1, name: "init", sql: "CREATE TABLE users (id INTEGER PRIMARY KEY);"),
                Migration(version: 2, name: "add_email", sql: "ALTER TABLE users ADD COLUMN email TEXT;"),
                Migration(version: 10, name: "later-step", sql: "SELECT 1;"),
            ])
    }

    @Test func loadIgnoresFilesThatAreNotSQLAndHiddenFiles() throws {
        let migrations = try withFiles([
            "0001_init.sql": "SELECT 1;",
            "README.md": "notes",
            "._0001_init.sql": "\u{0}\u{5}",
        ]) { try Migration.load(directory: $0) }
        #expect(migrations.map(\.version) == [1])
    }

    @Test(arguments: [
        "abc.sql", "0001.sql", "0001_.sql", "_init.sql", "0000_zero.sql", "01x_init.sql", "0003_bad name.sql",
    ])
    func loadRejectsABadFileName(_ fileName: String) throws {
        _ = try withFiles(["0001_init.sql": "SELECT 1;", fileName: "SELECT 1;"]) { directory in
            #expect(throws: MigrationError.invalidFileName(fileName)) { try Migration.load(directory: directory) }
        }
    }

    @Test func loadRejectsADuplicateVersion() throws {
        _ = try withFiles(["0001_init.sql": "SELECT 1;", "1_other.sql": "SELECT 2;"]) { directory in
            #expect(throws: MigrationError.duplicateVersion(1)) { try Migration.load(directory: directory) }
        }
    }

    @Test func loadFailsOnAMissingDirectory() throws {
        let error = #expect(throws: MigrationError.self) { try Migration.load(directory: "/nonexistent/migrations") }
        #expect(error?.description.contains("/nonexistent/migrations") == true)
    }
}
