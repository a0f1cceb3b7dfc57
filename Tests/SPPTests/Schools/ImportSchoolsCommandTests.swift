import Foundation
import TestSupport
import Testing

/// `spp import-schools`, run as an operator would, beside a running server.
@Suite(.serialized) struct ImportSchoolsCommandTests {
    private let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spp-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private var database: String { directory.appendingPathComponent("spp.sqlite").path }

    private func write(_ csv: String) throws -> String {
        let path = directory.appendingPathComponent("extract.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func importsWhileTheServerRunsAndPrintsTheCounts() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try SPPProcess.run(["keys", "create", "--db", database, "--role", "admin", "--name", "ops"])
        let key = try #require(keys.output.split(separator: "\n").last.map(String.init))
        let server = try SPPProcess.start(["serve", "--port", "0", "--db", database])
        defer { server.stop() }
        let port = try server.waitForPort()
        let file = try write(
            GIASFile.file([GIASFile.row("100001"), GIASFile.row("100002", trustCode: "7", trustName: "Seven")]))
        let dryRun = try SPPProcess.run(["import-schools", "--db", database, "--dry-run", file])
        #expect(dryRun.status == 0)
        #expect(dryRun.output.contains("2 schools would be created"))
        let result = try SPPProcess.run(["import-schools", "--db", database, file])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("2 schools were created, 0 updated, 0 unchanged; 1 trusts were created"))
        let client = try RawHTTPClient(port: port)
        defer { client.close() }
        try client.send("GET /v1/schools/100002 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n\r\n")
        #expect(try client.readResponse(isHead: false).status == 200)
        let again = try SPPProcess.run(["import-schools", "--db", database, file])
        #expect(again.output.contains("0 updated, 2 unchanged"))
    }

    @Test func aBadFileExitsWithStatus1AndListsEveryProblemOnStderr() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try write(
            GIASFile.file([GIASFile.row("100001"), GIASFile.row("12"), GIASFile.row("100003", phase: "Infant")]))
        #expect(try SPPProcess.run(["migrate", "--db", database]).status == 0)
        let result = try SPPProcess.run(["import-schools", "--db", database, file])
        #expect(result.status == 1)
        #expect(result.errors.contains("line 3, URN: must be a six-digit URN"))
        #expect(result.errors.contains("line 4, PhaseOfEducation (name): \"Infant\" is not one of"))
        #expect(result.output.isEmpty)
        let count = try SPPProcess.run(
            ["sqlite3", database, "SELECT count(*) FROM schools"], executable: "/usr/bin/env")
        #expect(count.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let missing = try SPPProcess.run([
            "import-schools", "--db", database, directory.appendingPathComponent("none.csv").path,
        ])
        #expect(missing.status != 0)
    }

    /// A mistyped `--db` once made a new database, imported into it and
    /// exited 0: the import looked done, and the real database never had it.
    @Test func aDatabaseThatDoesNotExistIsAnErrorNotANewOne() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try write(GIASFile.file([GIASFile.row("100001")]))
        let result = try SPPProcess.run(["import-schools", "--db", database, file])
        #expect(result.status == 64)
        #expect(result.errors.contains("no database at \(database)"))
        #expect(!FileManager.default.fileExists(atPath: database))
        let backup = directory.appendingPathComponent("copy.sqlite").path
        #expect(try SPPProcess.run(["backup", "--db", database, "--to", backup]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}
