import Dispatch

/// A fixed set of threads that run handlers, so blocking work (SQLite) never
/// stalls an event loop and never grows threads without bound.
final class WorkerPool: Sendable {
    typealias Job = @Sendable () -> Void

    private struct Queue {
        var jobs: [Job?] = []
        var head = 0
        var stopped = false
        /// Threads waiting for work, and wake-ups sent to them not yet taken:
        /// a job is only signalled when a thread is asleep to take it. Busy
        /// threads go on to the next job without sleeping, so under load no
        /// job costs a futex wake, and the I/O thread is not preempted by the
        /// thread it woke (12% of CPU in context switches at 512 connections).
        var idle = 0
        var wakesInFlight = 0

        var count: Int { jobs.count - head }

        mutating func pop() -> Job? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            jobs[head] = nil
            head += 1
            if head == jobs.count || head > 1024 && head * 2 > jobs.count {
                jobs.removeSubrange(0..<head)
                head = 0
            }
            return job
        }
    }

    private let queue = SystemLock(Queue())
    private let available = DispatchSemaphore(value: 0)
    /// Entered by each thread for its lifetime, so `stop` can wait for all of them.
    private let running = DispatchGroup()
    private let maxQueued: Int
    let threadCount: Int

    init(threads: Int, maxQueued: Int) {
        self.threadCount = threads
        self.maxQueued = maxQueued
        for i in 0..<threads {
            SystemThread.start(name: "spp-worker-\(i)") { [self] in run() }
        }
    }

    /// Queues `jobs` in order under one lock and wakes at most one sleeping
    /// thread per job. Returns how many were taken, a prefix of `jobs`: the
    /// rest found the backlog full (the caller answers them `503`).
    func submit(_ jobs: [Job]) -> Int {
        let (accepted, wakes) = queue.withLock { q -> (Int, Int) in
            guard !q.stopped else { return (0, 0) }
            let accepted = min(jobs.count, max(0, maxQueued - q.count))
            for job in jobs[..<accepted] { q.jobs.append(job) }
            let wakes = min(accepted, max(0, q.idle - q.wakesInFlight))
            q.wakesInFlight += wakes
            return (accepted, wakes)
        }
        for _ in 0..<wakes { available.signal() }
        return accepted
    }

    /// Lets queued jobs finish, then ends the threads, waiting (up to `timeout`)
    /// until they have: the application closes its store right after, and no
    /// handler may still be using it.
    func stop(timeout: Duration) {
        queue.withLock { $0.stopped = true }
        for _ in 0..<threadCount { available.signal() }
        _ = running.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds)))
    }

    private func run() {
        running.enter()
        defer { running.leave() }
        while true {
            let next = queue.withLock { q -> Job?? in
                if let job = q.pop() { return job }
                if q.stopped { return .none }
                q.idle += 1
                return .some(nil)
            }
            switch next {
            case .none:
                return
            case .some(let job?):
                job()
            case .some(nil):
                available.wait()
                queue.withLock { q in
                    q.idle -= 1
                    q.wakesInFlight = max(0, q.wakesInFlight - 1)
                }
            }
        }
    }
}
