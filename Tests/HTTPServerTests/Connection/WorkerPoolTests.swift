import Dispatch
import Testing

@testable import HTTPServer

/// The pool takes a loop's batch of jobs whole or as a prefix: what does not
/// fit in the backlog is handed back for a `503`, never dropped or reordered.
@Suite struct WorkerPoolTests {
    /// One worker held inside a job, so whatever is submitted next stays queued.
    private func withBusyPool(maxQueued: Int, _ body: (WorkerPool) throws -> Void) throws {
        let pool = WorkerPool(threads: 1, maxQueued: maxQueued)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holdTheWorker: WorkerPool.Job = {
            started.signal()
            release.wait()
        }
        #expect(pool.submit([holdTheWorker]) == 1)
        try #require(started.wait(timeout: .now() + 5) == .success)
        defer {
            release.signal()
            pool.stop(timeout: .seconds(5))
        }
        try body(pool)
    }

    @Test func aBatchRunsInOrder() throws {
        let order = SystemLock<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        try withBusyPool(maxQueued: 10) { pool in
            let jobs: [WorkerPool.Job] = (0..<5).map { n in
                {
                    order.withLock { $0.append(n) }
                    done.signal()
                }
            }
            #expect(pool.submit(jobs) == 5)
        }
        for _ in 0..<5 { #expect(done.wait(timeout: .now() + 5) == .success) }
        #expect(order.withLock { $0 } == [0, 1, 2, 3, 4])
    }

    @Test func aBatchLargerThanTheRoomLeftIsTakenAsAPrefix() throws {
        let ran = SystemLock<[Int]>([])
        try withBusyPool(maxQueued: 3) { pool in
            #expect(pool.submit([{ ran.withLock { $0.append(0) } }]) == 1)
            let jobs: [WorkerPool.Job] = (1...4).map { n in { ran.withLock { $0.append(n) } } }
            #expect(pool.submit(jobs) == 2)
            #expect(pool.submit([{ ran.withLock { $0.append(99) } }]) == 0)
        }
        // `stop` lets queued jobs finish before the threads end.
        #expect(ran.withLock { $0 } == [0, 1, 2])
    }

    @Test func aStoppedPoolTakesNothing() {
        let pool = WorkerPool(threads: 2, maxQueued: 10)
        pool.stop(timeout: .seconds(5))
        #expect(pool.submit([{}, {}]) == 0)
    }
}
