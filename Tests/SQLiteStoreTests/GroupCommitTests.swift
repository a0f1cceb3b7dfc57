import CSQLite
import Foundation
import Synchronization
import Testing

@testable import SQLiteStore

/// Writes that queue behind a running one commit as one group, on the thread
/// that leads it. Each test holds the writer with one write until the others
/// are queued, one after another, so the group and its order are certain
/// rather than left to timing.
@Suite(.timeLimit(.minutes(1)))
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

    /// Calls `database.write` with each of `bodies`, in order, from a thread
    /// of its own, each queued before the next starts, while another write
    /// holds the writer; that one finishes once all are queued, and they then
    /// run as one group in this order. `afterWrite` runs on each caller's
    /// thread once its write returned; `whileQueued`, once all are queued.
    private func writeAsOneGroup(
        _ database: Database, _ bodies: [@Sendable (Connection) throws -> Void],
        afterWrite: @escaping @Sendable (Int) throws -> Void = { _ in },
        whileQueued: () -> Void = {}
    ) throws -> [Outcome] {
        let outcomes = Guarded([Outcome](repeating: Outcome(), count: bodies.count))
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? database.write { _ in
                holding.signal()
                release.wait()
            }
        }
        holder.start()
        holding.wait()
        let callers = DispatchGroup()
        for index in bodies.indices {
            callers.enter()
            Thread {
                defer { callers.leave() }
                do {
                    try database.write { connection in
                        outcomes.withLock { $0[index].ranOnThread = currentThreadID() }
                        try bodies[index](connection)
                    }
                    try afterWrite(index)
                } catch {
                    outcomes.withLock { $0[index].error = error }
                }
            }.start()
            #expect(waitFor(queued: index + 1, in: database), "write \(index) never queued")
        }
        whileQueued()
        release.signal()
        callers.wait()
        return outcomes.withLock { $0 }
    }

    private func waitFor(queued count: Int, in database: Database) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while database.queuedWrites < count {
            guard Date() < deadline else { return false }
            usleep(500)
        }
        return true
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
            #expect(outcomes[0].ranOnThread == outcomes[1].ranOnThread)
            #expect(outcomes[2].ranOnThread == nil, "a body queued after the one that ended the transaction ran")
            #expect(outcomes.allSatisfy { $0.error != nil })
            #expect(try names(database) == [])
            try database.write(insert("after"))
            #expect(try names(database) == ["after"])
        }
    }

    /// Each caller finds its own row through a reader as soon as its write
    /// returns, and a body sees the rows of the bodies before it in the group.
    @Test func aWriteReturnsCommittedAndABodySeesTheGroupSoFar() throws {
        struct Missing: Error {}
        try withItems { database in
            let seen = Guarded<[String]?>(nil)
            let outcomes = try writeAsOneGroup(
                database,
                [
                    insert("a"),
                    { connection in
                        try connection.run("INSERT INTO items (name) VALUES ('b')")
                        let names = try database.read { try $0.fetch("SELECT name FROM items") { $0.text(0) } }
                        seen.withLock { $0 = names.sorted() }
                    },
                ],
                afterWrite: { index in
                    let name = ["a", "b"][index]
                    let found = try database.readStatement {
                        try $0.scalarInt("SELECT count(*) FROM items WHERE name = ?", [name])
                    }
                    if found != 1 { throw Missing() }
                })
            #expect(outcomes.allSatisfy { $0.error == nil })
            #expect(seen.withLock { $0 } == ["a", "b"])
        }
    }

    /// A statement a body leaves mid-step would make its savepoint's RELEASE,
    /// and the next body's SAVEPOINT, fail.
    @Test func aStatementLeftMidStepDoesNotFailTheNextBody() throws {
        try withItems { database in
            let outcomes = try writeAsOneGroup(
                database,
                [
                    { connection in
                        let statement = try connection.prepared(
                            "INSERT INTO items (name) VALUES ('a1'), ('a2') RETURNING name")
                        _ = try statement.step()
                    },
                    insert("b"),
                ])
            #expect(outcomes.allSatisfy { $0.error == nil })
            #expect(try names(database) == ["a1", "a2", "b"])
        }
    }

    /// `defer_foreign_keys` lasts until COMMIT, which a group shares: a body
    /// that turns it on must not defer the checks of the bodies after it.
    @Test func deferringForeignKeysEndsWithTheBodyThatAskedForIt() throws {
        try withItems { database in
            let refusedAtOnce = Atomic(false)
            let outcomes = try writeAsOneGroup(
                database,
                [
                    { connection in
                        try connection.execute("PRAGMA defer_foreign_keys = ON")
                        try connection.run("INSERT INTO items (name) VALUES ('a')")
                    },
                    { connection in
                        do {
                            try connection.run("INSERT INTO tags (item_id) VALUES (99)")
                        } catch let error as SQLiteError where error.isForeignKeyViolation {
                            refusedAtOnce.store(true, ordering: .relaxed)
                        }
                        try connection.run("INSERT INTO items (name) VALUES ('b')")
                    },
                ])
            let refused = refusedAtOnce.load(ordering: .relaxed)
            #expect(refused)
            #expect(outcomes.allSatisfy { $0.error == nil })
            #expect(try names(database) == ["a", "b"])
        }
    }

    /// Writes queued when the database closes either commit first or fail
    /// with `databaseClosed`; none waits for ever.
    @Test func closingWithWritesQueuedFailsOrCommitsThemButNeverHangs() throws {
        try withItems { database in
            let outcomes = try writeAsOneGroup(
                database, [insert("a"), insert("b")],
                whileQueued: { Thread { database.close() }.start() })
            for outcome in outcomes {
                #expect(outcome.error == nil || (outcome.error as? SQLiteError)?.message == "database is closed")
            }
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
