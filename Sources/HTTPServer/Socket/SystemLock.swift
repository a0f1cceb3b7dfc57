import Glibc

/// A plain pthread mutex guarding a value: the lock of the engine, and public
/// for the application's (and the tests'). `Synchronization.Mutex`'s contended
/// path on Linux spins and then takes a priority-inheritance futex: with more
/// worker threads than cores that cut `GET /v1/schools/{urn}` from 39k to 16k
/// req/s. ThreadSanitizer also misses that futex's hand-over, and reports races
/// that are not there.
public final class SystemLock<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched while `mutex` is held.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
