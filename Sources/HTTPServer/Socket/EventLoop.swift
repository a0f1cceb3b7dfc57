import CLinux
import Glibc

/// One epoll instance driven by one thread. Every connection belongs to exactly
/// one loop and is only touched on that loop's thread; other threads hand work
/// to the loop through `execute`, which wakes it with an eventfd.
final class EventLoop: @unchecked Sendable {
    // @unchecked: `connections`, `scratch`, `listener`, `acceptPausedUntil` and
    // the parsed requests are only touched on this loop's thread; `inbox` is
    // guarded by its lock.
    typealias Task = @Sendable () -> Void

    let index: Int
    private let epollFD: Int32
    private let wakeFD: Int32
    private let inbox = SystemLock<(tasks: [Task], wakePending: Bool, ended: Bool)>(([], false, false))
    private var connections: [HTTPConnection?] = []
    private var listener: Int32 = -1
    private var acceptPausedUntil: Int64?
    private var stopped = false
    /// Requests parsed during the current pass, and the batch being handed over.
    private var parsed: [ParsedRequest] = []
    private var handingOver: [ParsedRequest] = []
    private unowned(unsafe) let server: ServerState
    /// One receive buffer shared by all of this loop's connections: data is
    /// copied out only when a request stays incomplete.
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    private struct ParsedRequest {
        let connection: HTTPConnection
        let request: Request
        let started: Int64
    }

    init(index: Int, server: ServerState) throws {
        self.index = index
        self.server = server
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw Socket.SystemError(call: "epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw Socket.SystemError(call: "eventfd", errno: errno) }
        register(wakeFD, events: EPOLLIN.rawValue, modify: false)
    }

    deinit {
        scratch.deallocate()
        Glibc.close(epollFD)
        Glibc.close(wakeFD)
    }

    func start() {
        SystemThread.start(name: "spp-io-\(index)") { [self] in run() }
    }

    /// Runs `task` on this loop's thread; once the loop has ended, drops it and
    /// returns false so the caller can release what the task would have owned.
    ///
    /// The wake-up write happens outside the lock: workers finishing requests
    /// all post here, and a system call inside the lock made them queue up
    /// behind each other. `wakeFD` stays open until deinit, and whoever calls
    /// this holds the loop, so a late write after the loop ended is harmless.
    @discardableResult
    func execute(_ task: @escaping Task) -> Bool {
        let (accepted, mustWake) = inbox.withLock { box -> (Bool, Bool) in
            guard !box.ended else { return (false, false) }
            box.tasks.append(task)
            guard !box.wakePending else { return (true, false) }
            box.wakePending = true
            return (true, true)
        }
        if mustWake {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
        return accepted
    }

    // MARK: - Called on the loop thread

    func adoptListener(_ fd: Int32) {
        listener = fd
        register(fd, events: EPOLLIN.rawValue, modify: false)
    }

    func closeListener() {
        guard listener >= 0 else { return }
        Socket.close(listener)
        listener = -1
    }

    func adopt(fd: Int32, remote: String) {
        // Accepted just before shutdown but handed over after this loop stopped.
        guard !stopped else { return Socket.close(fd) }
        let connection = HTTPConnection(fd: fd, remote: remote, loop: self, server: server, now: Clock.now())
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count + 64))
        }
        connections[Int(fd)] = connection
        server.connectionOpened()
        register(fd, events: EPOLLIN.rawValue, modify: false)
    }

    /// Queues a parsed request for the workers; it is handed over when the
    /// current pass over the ready connections ends (see `handOverParsed`).
    func handToWorkers(_ connection: HTTPConnection, _ request: Request, started: Int64) {
        parsed.append(ParsedRequest(connection: connection, request: request, started: started))
    }

    func setInterest(_ fd: Int32, read: Bool, write: Bool) {
        var events: UInt32 = 0
        if read { events |= EPOLLIN.rawValue }
        if write { events |= EPOLLOUT.rawValue }
        register(fd, events: events, modify: true)
    }

    func forget(_ connection: HTTPConnection) {
        if connections[Int(connection.fd)] === connection { connections[Int(connection.fd)] = nil }
        server.connectionClosed()
    }

    /// Closes every connection and ends the loop thread.
    func stop() {
        closeListener()
        for connection in connections { connection?.close() }
        stopped = true
    }

    func forEachConnection(_ body: (HTTPConnection) -> Void) {
        for connection in connections { if let connection { body(connection) } }
    }

    private func register(_ fd: Int32, events: UInt32, modify: Bool) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        _ = epoll_ctl(epollFD, modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event)
    }

    private func run() {
        let capacity = 512
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer {
            events.deallocate()
            inbox.withLock { box in
                box.ended = true
                box.tasks = []
            }
            server.loopStopped()
        }
        var nextTick = Clock.now() + server.tickInterval
        while !stopped {
            let wait = max(0, Int32((nextTick - Clock.now()) / 1_000_000) + 1)
            let count = epoll_wait(epollFD, events, Int32(capacity), wait)
            for i in 0..<max(0, Int(count)) {
                let fd = events[i].data.fd
                let flags = events[i].events
                if fd == wakeFD {
                    runInbox()
                } else if fd == listener {
                    acceptAll()
                } else if Int(fd) < connections.count, let connection = connections[Int(fd)] {
                    if flags & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { connection.readable() }
                    if flags & EPOLLOUT.rawValue != 0 { connection.writable() }
                }
            }
            let now = Clock.now()
            if now >= nextTick {
                tick(now: now)
                nextTick = now + server.tickInterval
            }
            handOverParsed()
        }
    }

    /// Hands a whole pass's requests to the workers under one lock, once the
    /// pass is over. Submitted one by one, the first woke a worker that took
    /// this thread's core (two cores, shared with the client) while the pass
    /// was still reading the rest: school by URN spent 22% more CPU per
    /// request that way, a list 16% more.
    private func handOverParsed() {
        guard !parsed.isEmpty else { return }
        swap(&parsed, &handingOver)
        // A connection closed later in the pass (shutdown, a reset) is not
        // worth a handler run: nobody can read its answer.
        handingOver.removeAll { $0.connection.closed }
        let accepted = server.workers.submit(
            handingOver.map { $0.connection.work(for: $0.request, started: $0.started) })
        for refused in handingOver[accepted...] {
            refused.connection.refuseOverloaded(refused.request, started: refused.started)
        }
        handingOver.removeAll(keepingCapacity: true)
    }

    private func runInbox() {
        var counter: UInt64 = 0
        _ = read(wakeFD, &counter, 8)
        let tasks = inbox.withLock { box -> [Task] in
            box.wakePending = false
            defer { box.tasks.removeAll(keepingCapacity: true) }
            return box.tasks
        }
        for task in tasks { task() }
    }

    private func acceptAll() {
        while listener >= 0 {
            switch Socket.accept(listener) {
            case .accepted(let fd, let remote):
                let target = server.loop(for: fd)
                if target === self {
                    adopt(fd: fd, remote: remote)
                } else {
                    // A loop that already stopped (shutdown) cannot take it: close it.
                    if !target.execute({ target.adopt(fd: fd, remote: remote) }) { Socket.close(fd) }
                }
            case .wouldBlock:
                return
            case .exhausted:
                // Out of descriptors: stop watching the listener for a moment so the
                // loop does not spin, and let existing connections finish.
                server.logger.warning("accept: out of file descriptors; pausing accepts")
                _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, listener, nil)
                acceptPausedUntil = Clock.now() + 100_000_000
                return
            case .failed(let code):
                server.logger.error("accept failed", metadata: ["errno": "\(code)"])
                return
            }
        }
    }

    private func tick(now: Int64) {
        if let until = acceptPausedUntil, now >= until, listener >= 0 {
            acceptPausedUntil = nil
            register(listener, events: EPOLLIN.rawValue, modify: false)
        }
        for connection in connections {
            if let connection, let expiry = connection.timer.expired(now: now) { connection.timedOut(expiry) }
        }
    }
}

/// Monotonic nanoseconds, for deadlines.
enum Clock {
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
