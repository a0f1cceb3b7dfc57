import Foundation
import SQLiteStore
import Testing

@Suite struct CheckpointerTests {
    /// The writer only checkpoints past 10,000 WAL pages, so a main file that
    /// grows after a small write shows the background checkpoint at work.
    @Test func committedPagesReachTheMainFileWithoutAnExplicitCheckpoint() throws {
        try withDatabase { database, directory in
            let file = directory + "/test.sqlite"
            try database.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB) STRICT") }
            let before = try size(of: file)
            try database.write { db in
                for i in 0..<200 { try db.run("INSERT INTO t VALUES (?, ?)", [i, [UInt8](repeating: 7, count: 1024)]) }
            }
            let deadline = Date().addingTimeInterval(5)
            while try size(of: file) <= before, Date() < deadline { usleep(20_000) }
            #expect(try size(of: file) > before)
            #expect(try database.read { try $0.scalarInt("SELECT count(*) FROM t") } == 200)
        }
    }

    /// A burst of commits prompts a checkpoint long before the timer's next
    /// tick (an hour away here) and long before the writer's own backstop.
    @Test func aGrowingWALPromptsACheckpointBeforeTheTimer() throws {
        try withTemporaryDirectory { directory in
            let file = directory + "/test.sqlite"
            let database = try Database(path: file, checkpointInterval: .seconds(3600))
            defer { database.close() }
            try database.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB) STRICT") }
            let before = try size(of: file)
            for i in 0..<700 {
                try database.write {
                    try $0.run("INSERT INTO t VALUES (?, ?)", [i, [UInt8](repeating: 7, count: 3000)])
                }
            }
            let deadline = Date().addingTimeInterval(5)
            while try size(of: file) <= before, Date() < deadline { usleep(20_000) }
            #expect(try size(of: file) > before)
        }
    }

    private func size(of path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
