import Testing

@testable import SQLiteStore

struct ConnectionTests {
    private func withTable<T>(_ body: (Connection) throws -> T) throws -> T {
        try withDatabase { database, _ in
            try database.write { connection in
                try connection.execute(
                    """
                    CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
                    INSERT INTO t (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three');
                    """)
                return try body(connection)
            }
        }
    }

    @Test func executeRunsAWholeScript() throws {
        let count = try withTable { try $0.scalarInt("SELECT count(*) FROM t") }
        #expect(count == 3)
    }

    @Test func runReturnsTheNumberOfChangedRows() throws {
        try withTable { connection in
            #expect(try connection.run("UPDATE t SET name = name || '!' WHERE id > ?", [1]) == 2)
            let before = connection.totalChanges
            try connection.run("DELETE FROM t WHERE id = 1")
            #expect(connection.totalChanges == before + 1)
        }
    }

    @Test func lastInsertRowIDIsTheNewRow() throws {
        try withTable { connection in
            try connection.run("INSERT INTO t (name) VALUES (?)", ["four"])
            #expect(connection.lastInsertRowID == 4)
        }
    }

    @Test func fetchMapsEveryRowInOrder() throws {
        let names = try withTable { try $0.fetch("SELECT name FROM t WHERE id >= ? ORDER BY id", [2]) { $0.text(0) } }
        #expect(names == ["two", "three"])
    }

    @Test func fetchOneIsNilWithoutARow() throws {
        try withTable { connection throws in
            #expect(try connection.fetchOne("SELECT name FROM t WHERE id = ?", [99]) { $0.text(0) } == nil)
            #expect(try connection.fetchOne("SELECT name FROM t ORDER BY id") { $0.text(0) } == "one")
        }
    }

    @Test func scalarIntIsNilForNoRowAndForNull() throws {
        try withTable { connection throws in
            #expect(try connection.scalarInt("SELECT id FROM t WHERE id = 99") == nil)
            #expect(try connection.scalarInt("SELECT NULL") == nil)
            #expect(try connection.scalarInt("SELECT max(id) FROM t") == 3)
        }
    }

    @Test func rowLooksColumnsUpByName() throws {
        try withTable { connection in
            let row = try connection.fetchOne("SELECT id, name AS label FROM t WHERE id = 2") { row in
                [row["id"], row["label"]]
            }
            #expect(row == [.integer(2), .text("two")])
        }
    }

    @Test func preparedReturnsTheSameCachedStatement() throws {
        try withTable { connection in
            let first = try connection.prepared("SELECT name FROM t WHERE id = ?")
            let second = try connection.prepared("SELECT name FROM t WHERE id = ?")
            #expect(first === second)
        }
    }

    @Test func cachedStatementSurvivesAFailingStep() throws {
        try withTable { connection in
            let sql = "INSERT INTO t (name) VALUES (?)"
            let cached = try connection.prepared(sql)
            #expect(throws: SQLiteError.self) { try connection.run(sql, ["one"]) }
            #expect(try connection.prepared(sql) === cached)
            #expect(try connection.run(sql, ["four"]) == 1)
            #expect(try connection.scalarInt("SELECT count(*) FROM t") == 4)
        }
    }

    @Test func sameSQLInsideAFetchClosureDoesNotDisturbTheOuterIteration() throws {
        let pairs = try withTable { connection in
            try connection.fetch("SELECT id FROM t WHERE id <= ? ORDER BY id", [3]) { row in
                let id = row.int(0)
                let inner = try connection.fetch("SELECT id FROM t WHERE id <= ? ORDER BY id", [id]) { $0.int(0) }
                return inner.count
            }
        }
        #expect(pairs == [1, 2, 3])
    }

    @Test func cacheStopsGrowingAtItsCapacity() throws {
        try withTable { connection in
            let capacity = Connection.statementCacheCapacity
            for n in 0..<capacity {
                _ = try connection.prepared("SELECT \(n)")
            }
            let overflow = "SELECT 'overflow'"
            #expect(try connection.prepared(overflow) !== connection.prepared(overflow))
            #expect(try connection.fetchOne(overflow) { $0.text(0) } == "overflow")
            #expect(try connection.prepared("SELECT 0") === connection.prepared("SELECT 0"))
        }
    }

    @Test func savepointUndoesOnlyItsOwnChangesOnError() throws {
        try withTable { connection in
            try connection.run("INSERT INTO t (name) VALUES ('kept')")
            #expect(throws: AbortWrite.self) {
                try connection.savepoint {
                    try connection.run("INSERT INTO t (name) VALUES ('undone')")
                    throw AbortWrite()
                }
            }
            let inner = try connection.savepoint { try connection.run("INSERT INTO t (name) VALUES ('released')") }
            #expect(inner == 1)
            let names = try connection.fetch("SELECT name FROM t WHERE id > 3 ORDER BY id") { $0.text(0) }
            #expect(names == ["kept", "released"])
        }
    }
}
