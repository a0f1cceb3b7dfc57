import Foundation
import TestSupport
import Testing

/// The `spp` executable itself, run as a newcomer or an operator would.
@Suite(.serialized) struct CommandLineTests {
    private let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private var database: String { directory.appendingPathComponent("spp.sqlite").path }

    @Test func migrateThenKeysCreatePrintsTheKeyAloneOnTheLastLine() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let migrate = try SPPProcess.run(["migrate", "--db", database])
        #expect(migrate.status == 0)
        let keys = try SPPProcess.run(["keys", "create", "--db", database, "--role", "admin", "--name", "ops"])
        #expect(keys.status == 0)
        let last = try #require(keys.output.split(separator: "\n").last)
        #expect(last.hasPrefix("spp_"))
        #expect(!last.contains(" "))
    }

    @Test func keysCreateRejectsAScopeOnAnAdminKey() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try SPPProcess.run([
            "keys", "create", "--db", database, "--role", "admin", "--scope", "3", "--name", "x",
        ])
        #expect(result.status != 0)
    }

    @Test func refusesADatabaseNewerThanItself() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try SPPProcess.run(["migrate", "--db", database]).status == 0)
        let sqlite = try SPPProcess.run(
            [
                "sqlite3", database,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')",
            ],
            executable: "/usr/bin/env")
        #expect(sqlite.status == 0)
        let again = try SPPProcess.run(["migrate", "--db", database])
        #expect(again.status != 0)
        #expect(again.errors.contains("9999"))
    }

    @Test func serveDrainsAndExitsZeroOnSIGTERM() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try SPPProcess.start(["serve", "--port", "0", "--db", database])
        let port = try server.waitForPort()
        let client = try RawHTTPClient(port: port)
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse(isHead: false).status == 200)
        #expect(server.stop(SIGTERM) == 0)
        #expect(try client.isClosedByPeer())
    }

    /// A dashboard polling the demo from `since=0` sees every seeded row
    /// created; memberships, sessions and bookings were once left out. The
    /// national rates are in the audit log, which the same table holds.
    @Test func everyDemoRowIsInTheChangesFeed() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try SPPProcess.run(["seed", "--demo", "--db", database]).status == 0)
        let tables = [
            ("trust", "trusts"), ("school", "schools"), ("partnership", "partnerships"), ("membership", "memberships"),
            ("person", "people"), ("training_session", "training_sessions"), ("booking", "bookings"),
            ("inspection", "inspections"), ("review", "reviews"), ("action", "review_actions"),
            ("national_rate", "national_rates"),
        ]
        let sql = tables.map { entity, table in
            "SELECT count(*) > 0 AND count(*) = (SELECT count(*) FROM changes WHERE entity = '\(entity)'"
                + " AND action = 'created') FROM \(table);"
        }.joined()
        let check = try SPPProcess.run(["sqlite3", database, sql], executable: "/usr/bin/env")
        #expect(check.output == String(repeating: "1\n", count: tables.count), "\(check.output)\(check.errors)")
    }

    @Test func backupWritesAConsistentCopy() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try SPPProcess.run(["seed", "--demo", "--db", database]).status == 0)
        let copy = directory.appendingPathComponent("copy.sqlite").path
        #expect(try SPPProcess.run(["backup", "--db", database, "--to", copy]).status == 0)
        let check = try SPPProcess.run(
            ["sqlite3", copy, "PRAGMA integrity_check; SELECT count(*) FROM schools;"], executable: "/usr/bin/env")
        #expect(check.output == "ok\n60\n")
    }
}
