import SQLiteStore
import Testing

/// Misuse that would otherwise deadlock or silently read the wrong data stops
/// the process with a message naming the mistake.
struct ProgrammingErrorTests {
    @Test func closeInsideWriteStopsInsteadOfDeadlocking() async throws {
        let result = try #require(
            await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                let database = try Database(path: ":memory:")
                try database.write { _ in database.close() }
            })
        #expect(
            String(decoding: result.standardErrorContent, as: UTF8.self).contains("close() called from inside write()"))
    }

    @Test func unknownColumnNameStopsInsteadOfReadingNull() async throws {
        let result = try #require(
            await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
                let database = try Database(path: ":memory:")
                _ = try database.read { try $0.fetchOne("SELECT 1 AS one") { $0["two"] } }
            })
        #expect(String(decoding: result.standardErrorContent, as: UTF8.self).contains("no column named 'two'"))
    }
}
