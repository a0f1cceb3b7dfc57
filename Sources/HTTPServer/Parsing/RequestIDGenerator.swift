import Synchronization

/// Request ids that are unique within a process and cheap to make: a random
/// per-process prefix and a counter, so no system call happens per request.
enum RequestIDGenerator {
    private static let prefix: UInt32 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let counter = Atomic<UInt64>(0)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `8 hex digits of prefix` + `-` + the counter in hex, written into one buffer.
    static func next() -> String {
        var n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 25) { buffer in
            for i in 0..<8 { buffer[i] = hexDigits[Int(prefix >> UInt32(28 - 4 * i) & 0xF)] }
            buffer[8] = UInt8(ascii: "-")
            var end = 25
            repeat {
                end -= 1
                buffer[end] = hexDigits[Int(n & 0xF)]
                n >>= 4
            } while n > 0
            let digits = 25 - end
            for i in 0..<digits { buffer[9 + i] = buffer[end + i] }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<(9 + digits)]), as: UTF8.self)
        }
    }

    /// Accepts a client's id only when it is short and plain, so it is safe to
    /// echo and to write into logs.
    static func isAcceptable(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128 else { return false }
        return id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
        }
    }
}
