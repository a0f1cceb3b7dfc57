/// A bounded pool of read-only connections, opened on first need.
///
/// Bounded because each reader holds file descriptors and page cache: under a
/// burst, extra threads wait for a reader rather than opening more.
final class ReaderPool: @unchecked Sendable {
    // @unchecked: every stored var is guarded by `lock`. A connection in
    // `borrowed` is used only by the thread whose id is its key.
    private let lock = ConditionLock()
    private let capacity: Int
    private let open: @Sendable () throws -> Connection
    private var idle: [Connection] = []
    private var borrowed: [UInt: Connection] = [:]
    private var openCount = 0
    private var isClosed = false

    private enum Checkout {
        /// The calling thread already holds this reader further up its stack.
        case nested(Connection)
        case borrowed(Connection)
        /// A slot is reserved; the caller opens the connection outside the lock.
        case reserved
    }

    init(capacity: Int, open: @escaping @Sendable () throws -> Connection) {
        self.capacity = capacity
        self.open = open
    }

    /// Runs `body` on a reader and returns it to the pool, even when `body` throws.
    ///
    /// A nested call on the same thread reuses the thread's reader (`isNested`
    /// is true) instead of waiting for a second one, which could deadlock a
    /// thread against itself once the pool is exhausted.
    func withReader<T>(_ body: (Connection, _ isNested: Bool) throws -> T) throws -> T {
        let thread = currentThreadID()
        let connection: Connection
        switch try checkOut(thread) {
        case .nested(let held):
            return try body(held, true)
        case .borrowed(let idle):
            connection = idle
        case .reserved:
            connection = try openReserved(for: thread)
        }
        defer { checkIn(connection, from: thread) }
        return try body(connection, false)
    }

    /// Drops idle readers now; borrowed ones are dropped as they come back.
    func close() {
        var dropped: [Connection] = []
        lock.withLock {
            isClosed = true
            swap(&dropped, &idle)
            lock.broadcast()
        }
        // Closed here, outside the lock, because closing a connection does I/O.
        dropped.removeAll()
    }

    private func checkOut(_ thread: UInt) throws -> Checkout {
        try lock.withLock {
            if let held = borrowed[thread] { return .nested(held) }
            while true {
                guard !isClosed else { throw SQLiteError.databaseClosed }
                if let connection = idle.popLast() {
                    borrowed[thread] = connection
                    return .borrowed(connection)
                }
                if openCount < capacity {
                    openCount += 1
                    return .reserved
                }
                lock.wait()
            }
        }
    }

    /// Opens outside the lock, since opening does I/O; a failure frees the slot.
    private func openReserved(for thread: UInt) throws -> Connection {
        do {
            let connection = try open()
            lock.withLock { borrowed[thread] = connection }
            return connection
        } catch {
            lock.withLock {
                openCount -= 1
                lock.signal()
            }
            throw error
        }
    }

    private func checkIn(_ connection: Connection, from thread: UInt) {
        lock.withLock {
            borrowed[thread] = nil
            // After close the connection is not kept; the caller's reference
            // is the last, so it closes as soon as the caller lets go.
            if !isClosed {
                idle.append(connection)
            }
            lock.signal()
        }
    }
}
