import CLinux
import Glibc

/// Starts a named OS thread. Event loops and workers block in `epoll_wait` or on
/// a semaphore for their whole life, so they get threads of their own rather
/// than borrowing Dispatch's.
enum SystemThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body()
                return nil
            }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_setname_np(thread, String(name.prefix(15)))
        pthread_detach(thread)
    }
}
