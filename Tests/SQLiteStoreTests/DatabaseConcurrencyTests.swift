import Foundation
import SQLiteStore
import Synchronization
import Testing

struct DatabaseConcurrencyTests {
    /// Two balances that always sum to 2000, and a counter that always equals
    /// the number of rows in `transfers`: a reader that sees a half-applied
    /// write, or two different snapshots, breaks one of them.
    private static let schema = """
        CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL) STRICT;
        CREATE TABLE transfers (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL) STRICT;
        CREATE TABLE counter (n INTEGER NOT NULL) STRICT;
        INSERT INTO accounts VALUES (1, 1000), (2, 1000);
        INSERT INTO counter VALUES (0);
        """

    private static func transfer(_ amount: Int, in database: Database) throws {
        try database.write { connection in
            try connection.run("UPDATE accounts SET balance = balance - ? WHERE id = 1", [amount])
            try connection.run("INSERT INTO transfers (amount) VALUES (?)", [amount])
            try connection.run("UPDATE accounts SET balance = balance + ? WHERE id = 2", [amount])
            try connection.run("UPDATE counter SET n = n + 1")
        }
    }

    @Test func concurrentReadsSeeOnlyWholeCommittedWrites() throws {
        let readerThreads = 8, readsPerThread = 200, writerThreads = 2, writesPerThread = 100
        try withDatabase(readers: 4) { database, _ in
            try database.write { try $0.execute(Self.schema) }
            let violations = Atomic<Int>(0)
            let reads = Atomic<Int>(0)
            try onThreads(readerThreads + writerThreads) { index in
                if index < writerThreads {
                    for n in 0..<writesPerThread {
                        try Self.transfer(n % 7 - 3, in: database)
                    }
                    return
                }
                for _ in 0..<readsPerThread {
                    let consistent = try database.read { connection in
                        let first = try connection.scalarInt("SELECT balance FROM accounts WHERE id = 1") ?? 0
                        let rows = try connection.scalarInt("SELECT count(*) FROM transfers") ?? -1
                        let second = try connection.scalarInt("SELECT balance FROM accounts WHERE id = 2") ?? 0
                        let counter = try connection.scalarInt("SELECT n FROM counter") ?? -2
                        return first + second == 2000 && rows == counter
                    }
                    if !consistent { violations.add(1, ordering: .relaxed) }
                    reads.add(1, ordering: .relaxed)
                }
            }
            #expect(violations.load(ordering: .relaxed) == 0)
            #expect(reads.load(ordering: .relaxed) == readerThreads * readsPerThread)
            let total = try database.read { try $0.scalarInt("SELECT n FROM counter") }
            #expect(total == writerThreads * writesPerThread)
        }
    }

    @Test func readersBeyondThePoolSizeWaitInsteadOfOpeningMore() throws {
        let poolSize = 2
        try withDatabase(readers: poolSize) { database, _ in
            let active = Atomic<Int>(0)
            let mostActive = Atomic<Int>(0)
            let connections = Guarded<Set<ObjectIdentifier>>([])
            try onThreads(6) { _ in
                for _ in 0..<5 {
                    try database.read { connection in
                        let now = active.add(1, ordering: .relaxed).newValue
                        mostActive.max(now, ordering: .relaxed)
                        connections.withLock { _ = $0.insert(ObjectIdentifier(connection)) }
                        usleep(5_000)
                        active.subtract(1, ordering: .relaxed)
                    }
                }
            }
            #expect(mostActive.load(ordering: .relaxed) <= poolSize)
            #expect(connections.withLock { $0.count } <= poolSize)
        }
    }

    @Test func writesFromManyThreadsAreSerialised() throws {
        try withDatabase { database, _ in
            try database.write { try $0.execute(Self.schema) }
            try onThreads(8) { _ in
                for _ in 0..<25 {
                    try database.write { try $0.run("UPDATE counter SET n = n + 1") }
                }
            }
            #expect(try database.read { try $0.scalarInt("SELECT n FROM counter") } == 200)
        }
    }
}
