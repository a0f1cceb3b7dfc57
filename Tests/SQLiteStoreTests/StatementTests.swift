import SQLiteStore
import Testing

struct StatementTests {
    /// Runs `body` on the writer of a fresh database with a table `t`.
    private func withTable<T>(_ body: (Connection) throws -> T) throws -> T {
        try withDatabase { database, _ in
            try database.write { connection in
                try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)")
                return try body(connection)
            }
        }
    }

    @Test func textKeepsEmbeddedNULsAndEmoji() throws {
        let text = "before\u{0}after 🎉\u{0}"
        let read = try withTable { connection in
            try connection.run("INSERT INTO t (name) VALUES (?)", [text])
            return try connection.fetchOne("SELECT name, length(CAST(name AS BLOB)) FROM t") { ($0.text(0), $0.int(1)) }
        }
        #expect(read?.0 == text)
        #expect(read?.1 == text.utf8.count)
    }

    @Test func nullReadsAsNilThroughOptionalAccessorsAndZeroOtherwise() throws {
        try withTable { connection in
            try connection.run("INSERT INTO t (name, score, data) VALUES (NULL, NULL, NULL)")
            let statement = try connection.prepared("SELECT name, score, data, id FROM t")
            #expect(try statement.step())
            #expect(statement.isNull(0))
            #expect(statement.optionalText(0) == nil)
            #expect(statement.text(0) == "")
            #expect(statement.optionalDouble(1) == nil)
            #expect(statement.double(1) == 0)
            #expect(statement.optionalInt(1) == nil)
            #expect(statement.int(1) == 0)
            #expect(statement.blob(2) == [])
            #expect(statement.value(2) == .null)
            #expect(!statement.isNull(3))
            #expect(statement.optionalInt(3) == 1)
            statement.reset()
        }
    }

    @Test func emptyTextAndEmptyBlobAreNotNull() throws {
        try withTable { connection in
            try connection.run("INSERT INTO t (name, data) VALUES (?, ?)", ["", [UInt8]()])
            let nulls = try connection.fetchOne("SELECT name IS NULL, data IS NULL FROM t") { [$0.int(0), $0.int(1)] }
            #expect(nulls == [0, 0])
        }
    }

    @Test func columnsAreNamedAndCounted() throws {
        try withTable { connection in
            let statement = try connection.prepared("SELECT id, name AS label FROM t")
            #expect(statement.columnCount == 2)
            #expect(statement.columnName(0) == "id")
            #expect(statement.columnName(1) == "label")
        }
    }

    @Test func bindingCountMismatchIsRejected() throws {
        try withTable { connection throws in
            #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO t (id, name) VALUES (?, ?)", [1]) }
            #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO t (id) VALUES (?)", [1, 2]) }
            #expect(try connection.scalarInt("SELECT count(*) FROM t") == 0)
        }
    }

    @Test func bindReplacesPreviousBindingsAndRestarts() throws {
        try withTable { connection in
            try connection.run("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b')")
            let statement = try connection.prepared("SELECT name FROM t WHERE id = ?")
            try statement.bind([1])
            #expect(try statement.step())
            #expect(statement.text(0) == "a")
            try statement.bind([2])
            #expect(try statement.step())
            #expect(statement.text(0) == "b")
            #expect(try !statement.step())
        }
    }

    @Test func moreThanOneStatementIsRejectedInsteadOfIgnored() throws {
        try withTable { connection in
            let error = #expect(throws: SQLiteError.self) {
                try connection.run("INSERT INTO t (id) VALUES (1); INSERT INTO t (id) VALUES (2)")
            }
            #expect(error?.message.contains("more than one statement") == true)
            #expect(try connection.scalarInt("SELECT count(*) FROM t") == 0)
            // A trailing comment or semicolon is not a statement.
            try connection.run("INSERT INTO t (id) VALUES (3); -- done")
            #expect(try connection.scalarInt("SELECT count(*) FROM t") == 1)
        }
    }

    @Test func failedStepThrowsTheErrorFromBeforeTheReset() throws {
        try withTable { connection in
            try connection.run("INSERT INTO t (id) VALUES (1)")
            let statement = try connection.prepared("INSERT INTO t (id) VALUES (?)")
            try statement.bind([1])
            let error = #expect(throws: SQLiteError.self) { try statement.step() }
            #expect(error?.isUniqueViolation == true)
            #expect(error?.message.contains("UNIQUE") == true)
            // Reset by the failure: it can be rebound and run again.
            try statement.bind([2])
            #expect(try !statement.step())
            #expect(try connection.scalarInt("SELECT count(*) FROM t") == 2)
        }
    }
}
