@testable import SQLiteStore

/// A value that test threads share, under the store's own pthread lock:
/// ThreadSanitizer follows it, where it misses `Synchronization.Mutex`'s
/// hand-over through the kernel and reports races that are not there.
final class Guarded<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched while `lock` is held.
    private let lock = ConditionLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&value) }
    }
}
