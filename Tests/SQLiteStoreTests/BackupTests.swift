import Foundation
import SQLiteStore
import Synchronization
import Testing

struct BackupTests {
    @Test func backupDuringWritesIsAConsistentSingleFileCopy() throws {
        try withDatabase { database, directory in
            try database.write { connection in
                try connection.execute(
                    """
                    CREATE TABLE rows (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL) STRICT;
                    CREATE TABLE batches (n INTEGER NOT NULL) STRICT;
                    INSERT INTO batches VALUES (0);
                    """)
            }
            let stop = Atomic<Bool>(false)
            let copy = directory + "/copy.sqlite"
            try onThreads(2) { index in
                if index == 0 {
                    // Each transaction adds ten rows and bumps the batch counter.
                    var batch = 0
                    while !stop.load(ordering: .relaxed) || batch < 20 {
                        batch += 1
                        try database.write { connection in
                            for _ in 0..<10 { try connection.run("INSERT INTO rows (batch) VALUES (?)", [batch]) }
                            try connection.run("UPDATE batches SET n = ?", [batch])
                        }
                    }
                } else {
                    while try database.read({ try $0.scalarInt("SELECT n FROM batches") ?? 0 }) < 10 {
                        usleep(1_000)
                    }
                    defer { stop.store(true, ordering: .relaxed) }
                    try database.backup(to: copy)
                }
            }
            #expect(!fileExists(copy + "-wal"))
            let header = try #require(FileManager.default.contents(atPath: copy))
            #expect(header[18] == 1 && header[19] == 1, "copy should use a rollback journal, not WAL")

            let restored = try Database(path: copy, readers: 1)
            defer { restored.close() }
            let (check, rows, batches) = try restored.read { connection in
                (
                    try connection.fetchOne("PRAGMA integrity_check") { $0.text(0) },
                    try connection.scalarInt("SELECT count(*) FROM rows") ?? -1,
                    try connection.scalarInt("SELECT n FROM batches") ?? -1
                )
            }
            #expect(check == "ok")
            #expect(batches >= 10)
            #expect(rows == batches * 10)
        }
    }

    @Test func backupOfAnInMemoryDatabaseCopiesItsData() throws {
        try withTemporaryDirectory { directory in
            let database = try Database(path: ":memory:")
            defer { database.close() }
            try database.write { try $0.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);") }
            try database.backup(to: directory + "/copy.sqlite")
            let restored = try Database(path: directory + "/copy.sqlite")
            defer { restored.close() }
            #expect(try restored.read { try $0.scalarInt("SELECT sum(x) FROM t") } == 3)
        }
    }
}
