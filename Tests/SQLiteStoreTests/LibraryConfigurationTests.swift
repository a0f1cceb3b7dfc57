import CSQLite
import Testing

struct LibraryConfigurationTests {
    /// With statistics on, every allocation takes SQLite's process-wide memory
    /// mutex; with them off the counter never moves, whatever is allocated.
    @Test func sqliteKeepsNoMemoryStatistics() throws {
        try withDatabase { database, _ in
            try database.write { connection in
                try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
                for id in 1...100 { try connection.run("INSERT INTO t (name) VALUES (?)", ["school \(id)"]) }
            }
            let names = try database.read { try $0.fetch("SELECT name FROM t") { $0.text(0) } }
            #expect(names.count == 100)
            #expect(sqlite3_memory_used() == 0)
        }
    }
}
