import Foundation
import SQLiteStore

/// A fresh directory per test, removed afterwards, so tests running in
/// parallel never see each other's files.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("SQLiteStoreTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// A file database in its own temporary directory, closed afterwards.
func withDatabase<T>(readers: Int = 4, _ body: (Database, String) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in
        let database = try Database(path: directory + "/test.sqlite", readers: readers)
        defer { database.close() }
        return try body(database, directory)
    }
}

func fileExists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
}

/// Runs `body(index)` on `count` OS threads at once and waits for all of them.
///
/// Real threads rather than tasks: `Database` blocks, as it will on the HTTP
/// worker pool, and blocking the small cooperative pool could stall the test.
/// `#expect` is not reliable off the test's own thread, so the first error
/// thrown on any thread is rethrown here instead.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let firstError = Guarded<(any Error)?>(nil)
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            do {
                try body(index)
            } catch {
                firstError.withLock { if $0 == nil { $0 = error } }
            }
        }
        thread.start()
    }
    group.wait()
    if let error = firstError.withLock({ $0 }) { throw error }
}

/// A failure that is not SQLite's, to check rollback on ordinary Swift errors.
struct AbortWrite: Error, Equatable {}
