import CSQLite
import Foundation
import Synchronization
import Testing

@testable import SQLiteStore

/// Writes that queue behind a running one commit as one group, on the thread
/// that leads it. Each test holds the writer with one write until the others
/// are queued, so the group is certain rather than left to timing.
struct GroupCommitTests {
    private struct Outcome {
        var error: (any Error)?
        var ranOnThread: UInt?
    }

    private func withItems<T>(_ body: (Database) throws -> T) throws -> T {
        try withDatabase { database, _ in
            try database.write { connection in
                try connection.execute(
                    """
                    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
                    CREATE TABLE tags (item_id INTEGER NOT NULL REFERENCES items (id)) STRICT;
                    """)
            }
            return try body(database)
        }
    }

    private func names(_ database: Database) throws -> [String] {
        try database.read { try $0.fetch("SELECT name FROM items ORDER BY name") { $0.text(0) } }
    }

    /// Calls `database.write` with each of `bodies` from a thread of its own
    /// while another write holds the writer, and lets that one finish only
    /// once all of them are queued: they then run as one group.
    private func writeAsOneGroup(
        _ database: Database, _ bodies: [@Sendable (Connection) throws -> Void]
    ) throws -> [Outcome] {
        let outcomes = Mutex([Outcome](repeating: Outcome(), count: bodies.count))
        let holding = DispatchSemaphore(value: 0)
        let holder = DispatchGroup()
        holder.enter()
        Thread {
            defer { holder.leave() }
            try? database.write { _ in
                holding.signal()
                let deadline = Date().addingTimeInterval(10)
                while database.queuedWrites < bodies.count && Date() < deadline { usleep(1000) }
            }
        }.start()
        holding.wait()
        try onThreads(bodies.count) { index in
            do {
                try database.write { connection in
                    outcomes.withLock { $0[index].ranOnThread = currentThreadID() }
                    try bodies[index](connection)
                }
            } catch {
                outcomes.withLock { $0[index].error = error }
            }
        }
        holder.wait()
        return outcomes.withLock { $0 }
    }

    private func insert(_ name: String) -> @Sendable (Connection) throws -> Void {
        { try $0.run("INSERT INTO items (name) VALUES (?)", [name]) }
    }

    @Test func queuedWritesRunTogetherOnTheLeadersThreadAndAllCommit() throws {
        try withItems { database in
            let outcomes = try writeAsOneGroup(database, ["a", "b", "c"].map(insert))
            #expect(outcomes.allSatisfy { $0.error == nil })
            #expect(Set(outcomes.map(\.ranOnThread)).count == 1)
            #expect(try names(database) == ["a", "b", "c"])
        }
    }

    enum Failure: CaseIterable, Sendable {
        case swiftError, constraint, deferredForeignKey
    }

    /// The middle body writes, then fails; it alone is undone.
    @Test(arguments: Failure.allCases)
    func aFailingBodyUndoesOnlyItsOwnChanges(failure: Failure) throws {
        try withItems { database in
            let outcomes = try writeAsOneGroup(
                database,
                [
                    insert("a"),
                    { connection in
                        try connection.run("INSERT INTO items (name) VALUES ('b')")
                        switch failure {
                        case .swiftError:
                            throw AbortWrite()
                        case .constraint:
                            try connection.run("INSERT INTO items (name) VALUES (NULL)")
                        case .deferredForeignKey:
                            // Alone, COMMIT would refuse it; in a group it must not refuse the others.
                            try connection.execute("PRAGMA defer_foreign_keys = ON")
                            try connection.run("INSERT INTO tags (item_id) VALUES (99)")
                        }
                    },
                    insert("c"),
                ])
            #expect(Set(outcomes.map(\.ranOnThread)).count == 1)
            switch failure {
            case .swiftError: #expect(outcomes[1].error as? AbortWrite == AbortWrite())
            case .constraint: #expect((outcomes[1].error as? SQLiteError)?.code == SQLITE_CONSTRAINT)
            case .deferredForeignKey: #expect((outcomes[1].error as? SQLiteError)?.isForeignKeyViolation == true)
            }
            #expect(outcomes[0].error == nil && outcomes[2].error == nil)
            #expect(try names(database) == ["a", "c"])
        }
    }

    /// SQLite itself rolls the whole transaction back on some errors (I/O, a
    /// full disk); a body that runs ROLLBACK stands in for that here. Nothing
    /// of the group may then be reported as committed.
    @Test(arguments: [true, false])
    func aBodyThatEndsTheTransactionFailsTheWholeGroup(throwing: Bool) throws {
        try withItems { database in
            let outcomes = try writeAsOneGroup(
                database,
                [
                    insert("a"),
                    {
                        try $0.run("INSERT INTO items (name) VALUES ('b')")
                        try $0.run("ROLLBACK")
                        if throwing { throw AbortWrite() }
                    },
                    insert("c"),
                ])
            // Bodies queued after the one that ended the transaction never run.
            #expect(Set(outcomes.compactMap(\.ranOnThread)).count == 1)
            #expect(outcomes.allSatisfy { $0.error != nil })
            #expect(try names(database) == [])
            try database.write(insert("after"))
            #expect(try names(database) == ["after"])
        }
    }

    @Test func manyThreadsWithSomeFailingWritesCommitExactlyTheOthers() throws {
        try withItems { database in
            let committed = Atomic(0)
            try onThreads(8) { thread in
                for n in 0..<50 {
                    do {
                        try database.write { connection in
                            try connection.run("INSERT INTO items (name) VALUES (?)", ["\(thread)-\(n)"])
                            if n % 3 == 0 { throw AbortWrite() }
                        }
                        committed.add(1, ordering: .relaxed)
                    } catch is AbortWrite {}
                }
            }
            let expected = (0..<8).flatMap { thread in (0..<50).filter { $0 % 3 != 0 }.map { "\(thread)-\($0)" } }
            #expect(committed.load(ordering: .relaxed) == expected.count)
            #expect(Set(try names(database)) == Set(expected))
            #expect(try names(database).count == expected.count)
        }
    }
}
