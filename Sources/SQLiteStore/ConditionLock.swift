#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pthread mutex paired with a condition variable.
///
/// `Synchronization.Mutex` cannot express "wait until a reader is free", and its
/// `withLock` requires the protected value to stay disconnected from the caller,
/// which a connection handed to a caller's closure is not. This is the smallest
/// primitive that gives both blocking waits and a lock held across a caller's closure.
final class ConditionLock: @unchecked Sendable {
    // @unchecked: the pthread objects are only touched through pthread calls,
    // which are themselves thread-safe; the pointers never change after init.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
        precondition(pthread_cond_init(condition, nil) == 0, "pthread_cond_init failed")
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Releases the lock while blocked; only valid inside `withLock`.
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    func signal() {
        pthread_cond_signal(condition)
    }

    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}

/// Identifies the calling thread, so the database can recognise a nested call
/// from the thread that already holds a connection instead of deadlocking on it.
func currentThreadID() -> UInt {
    #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
    #else
        pthread_self()
    #endif
}
