import SQLiteStore
import Testing

struct DatabaseTests {
    private static let schema = """
        CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
        INSERT INTO items (name) VALUES ('existing');
        """

    private func withItems<T>(readers: Int = 4, _ body: (Database) throws -> T) throws -> T {
        try withDatabase(readers: readers) { database, _ in
            try database.write { try $0.execute(Self.schema) }
            return try body(database)
        }
    }

    private func names(_ database: Database) throws -> [String] {
        try database.read { try $0.fetch("SELECT name FROM items ORDER BY id") { $0.text(0) } }
    }

    @Test func opensInWALModeWithForeignKeysOn() throws {
        try withDatabase { database, _ in
            let settings = try database.read { connection in
                try connection.fetchOne("SELECT * FROM pragma_journal_mode, pragma_foreign_keys") {
                    ($0.text(0), $0.int(1))
                }
            }
            #expect(settings?.0 == "wal")
            #expect(settings?.1 == 1)
        }
    }

    /// Readers and the writer read pages through a memory map, not `pread`.
    @Test func connectionsMapTheDatabaseFile() throws {
        try withDatabase { database, _ in
            let readerMap = try database.read { try $0.fetchOne("PRAGMA mmap_size") { $0.int(0) } }
            let writerMap = try database.write { try $0.fetchOne("PRAGMA mmap_size") { $0.int(0) } }
            #expect(readerMap == 1 << 30)
            #expect(writerMap == 1 << 30)
        }
    }

    @Test func writeCommitsAndReturnsTheBodysResult() throws {
        try withItems { database in
            let id = try database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES (?)", ["new"])
                return connection.lastInsertRowID
            }
            #expect(id == 2)
            #expect(try names(database) == ["existing", "new"])
        }
    }

    @Test func writeRollsBackAndRethrowsOnASwiftError() throws {
        try withItems { database throws in
            #expect(throws: AbortWrite()) {
                try database.write { connection in
                    try connection.run("INSERT INTO items (name) VALUES ('discarded')")
                    throw AbortWrite()
                }
            }
            #expect(try names(database) == ["existing"])
        }
    }

    @Test func writeRollsBackEarlierStatementsOnAConstraintViolation() throws {
        try withItems { database in
            let error = #expect(throws: SQLiteError.self) {
                try database.write { connection in
                    try connection.run("INSERT INTO items (name) VALUES ('first')")
                    try connection.run("INSERT INTO items (name) VALUES ('existing')")
                }
            }
            #expect(error?.isUniqueViolation == true)
            #expect(try names(database) == ["existing"])
            // The writer is usable again: no transaction was left open.
            try database.write { try $0.run("INSERT INTO items (name) VALUES ('after')") }
            #expect(try names(database) == ["existing", "after"])
        }
    }

    @Test func writeRollsBackWhenTheCommitItselfFails() throws {
        try withItems { database in
            try database.write { connection in
                try connection.execute("CREATE TABLE tags (item_id INTEGER NOT NULL REFERENCES items (id)) STRICT")
            }
            let error = #expect(throws: SQLiteError.self) {
                try database.write { connection in
                    // Deferred: the missing parent is only detected by COMMIT.
                    try connection.execute("PRAGMA defer_foreign_keys = ON")
                    try connection.run("INSERT INTO items (name) VALUES ('with bad tag')")
                    try connection.run("INSERT INTO tags (item_id) VALUES (99)")
                }
            }
            #expect(error?.isForeignKeyViolation == true)
            #expect(try names(database) == ["existing"])
            try database.write { try $0.run("INSERT INTO items (name) VALUES ('after')") }
            #expect(try names(database) == ["existing", "after"])
        }
    }

    @Test func nestedWriteIsASavepointOfTheOuterTransaction() throws {
        try withItems { database in
            try database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES ('outer')")
                try database.write { try $0.run("INSERT INTO items (name) VALUES ('inner')") }
                #expect(throws: AbortWrite.self) {
                    try database.write { inner in
                        try inner.run("INSERT INTO items (name) VALUES ('inner undone')")
                        throw AbortWrite()
                    }
                }
            }
            #expect(try names(database) == ["existing", "outer", "inner"])
            // The nested write commits only with the outer one.
            #expect(throws: AbortWrite.self) {
                try database.write { _ in
                    try database.write { try $0.run("INSERT INTO items (name) VALUES ('lost')") }
                    throw AbortWrite()
                }
            }
            #expect(try names(database) == ["existing", "outer", "inner"])
        }
    }

    @Test func readInsideWriteSeesThePendingChanges() throws {
        try withItems(readers: 1) { database in
            let seen = try database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES ('pending')")
                return try names(database)
            }
            #expect(seen == ["existing", "pending"])
        }
    }

    @Test func readInsideReadReusesTheSnapshotWithoutWaitingForASecondReader() throws {
        try withItems(readers: 1) { database in
            let counts = try database.read { outer in
                let before = try outer.scalarInt("SELECT count(*) FROM items")
                let nested = try database.read { try $0.scalarInt("SELECT count(*) FROM items") }
                return [before, nested]
            }
            #expect(counts == [1, 1])
        }
    }

    @Test func readSeesCommittedWritesButKeepsItsSnapshot() throws {
        try withItems { database in
            try database.read { connection in
                #expect(try connection.scalarInt("SELECT count(*) FROM items") == 1)
                // Committed by another thread while this read's snapshot is open.
                try onThreads(1) { _ in
                    _ = try database.write { try $0.run("INSERT INTO items (name) VALUES ('concurrent')") }
                }
                #expect(try connection.scalarInt("SELECT count(*) FROM items") == 1)
            }
            #expect(try names(database) == ["existing", "concurrent"])
        }
    }

    @Test func readersCannotWrite() throws {
        try withItems { database throws in
            #expect(throws: SQLiteError.self) {
                try database.read { try $0.run("INSERT INTO items (name) VALUES ('sneaky')") }
            }
            #expect(try names(database) == ["existing"])
        }
    }

    @Test func readReturnsTheReaderEvenWhenTheBodyThrows() throws {
        try withItems(readers: 1) { database throws in
            for _ in 0..<3 {
                #expect(throws: AbortWrite.self) { try database.read { _ in throw AbortWrite() } }
            }
            #expect(try names(database) == ["existing"])
        }
    }

    /// Both kinds of read, `read` and `readStatement`.
    @Test(arguments: [false, true])
    func statementLeftMidStepInAReadDoesNotPinItsSnapshot(singleStatement: Bool) throws {
        try withItems(readers: 1) { database in
            func reading<T>(_ body: (Connection) throws -> T) throws -> T {
                try singleStatement ? database.readStatement(body) : database.read(body)
            }
            try reading { connection in
                let abandoned = try connection.prepared("SELECT name FROM items")
                #expect(try abandoned.step())
            }
            try database.write { try $0.run("INSERT INTO items (name) VALUES ('later')") }
            // Same (only) reader: had the abandoned statement kept its read
            // transaction open, this would still see the old snapshot.
            #expect(try reading { try $0.scalarInt("SELECT count(*) FROM items") } == 2)
        }
    }

    @Test func readStatementRunsOutsideATransaction() throws {
        try withItems(readers: 1) { database in
            let name = try database.readStatement { connection in
                #expect(!connection.isInTransaction)
                return try connection.fetchOne("SELECT name FROM items") { $0.text(0) }
            }
            #expect(name == "existing")
            #expect(try database.read { $0.isInTransaction })
        }
    }

    @Test func readStatementInsideWriteOrReadUsesThatConnection() throws {
        try withItems(readers: 1) { database in
            let pending = try database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES ('pending')")
                return try database.readStatement { try $0.scalarInt("SELECT count(*) FROM items") }
            }
            #expect(pending == 2)
            let counts = try database.read { outer in
                let before = try outer.scalarInt("SELECT count(*) FROM items")
                try onThreads(1) { _ in
                    _ = try database.write { try $0.run("INSERT INTO items (name) VALUES ('concurrent')") }
                }
                // Nested in the read: its snapshot, on the one reader, without waiting for another.
                let nested = try database.readStatement { try $0.scalarInt("SELECT count(*) FROM items") }
                return [before, nested]
            }
            #expect(counts == [2, 2])
        }
    }

    @Test func readStatementOnAPrivateDatabaseGoesThroughTheWriter() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        try database.write { try $0.execute(Self.schema) }
        #expect(try database.readStatement { try $0.scalarInt("SELECT count(*) FROM items") } == 1)
    }

    @Test func writeWithoutTransactionRunsStatementsThatRefuseTransactions() throws {
        try withItems { database in
            try database.writeWithoutTransaction { try $0.execute("VACUUM") }
            #expect(throws: SQLiteError.self) { try database.write { try $0.execute("VACUUM") } }
        }
    }

    @Test func inMemoryDatabaseServesReadsThroughTheWriter() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        try database.write { try $0.execute(Self.schema) }
        #expect(try names(database) == ["existing"])
    }

    @Test func closeIsIdempotentAndLeavesASingleFile() throws {
        try withDatabase { database, directory in
            try database.write { try $0.execute(Self.schema) }
            _ = try names(database)
            database.close()
            database.close()
            #expect(!fileExists(directory + "/test.sqlite-wal"))
            #expect(throws: SQLiteError.self) { try database.write { _ in } }
            #expect(throws: SQLiteError.self) { try database.read { _ in } }
            #expect(throws: SQLiteError.self) { try database.backup(to: directory + "/copy.sqlite") }
            let reopened = try Database(path: database.path)
            defer { reopened.close() }
            #expect(try names(reopened) == ["existing"])
        }
    }

    @Test func unopenableDatabaseThrowsWithItsPath() throws {
        let error = #expect(throws: SQLiteError.self) {
            try Database(path: "/nonexistent-directory/x.sqlite")
        }
        #expect(error?.message.contains("/nonexistent-directory/x.sqlite") == true)
    }
}
