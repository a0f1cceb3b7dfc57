/// Bytes received on a connection and not yet consumed by the parser.
///
/// Consumed bytes are dropped lazily (compaction). When the buffer runs empty a
/// small allocation is kept for the next request (no malloc per request on a
/// keep-alive connection) and a large one is released, so an idle connection
/// holds at most 1 KiB.
public struct InputBuffer: Sendable {
    public private(set) var bytes: [UInt8] = []
    public private(set) var readIndex = 0

    public init() {}

    private static let retainedCapacity = 1024
    private static let largeCapacity = 64 * 1024

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var readableCount: Int { bytes.count - readIndex }
    public var isEmpty: Bool { readIndex == bytes.count }

    public mutating func append(_ chunk: UnsafeRawBufferPointer) {
        compactIfWorthwhile()
        bytes.append(contentsOf: chunk)
    }

    public mutating func append(_ chunk: some Sequence<UInt8>) {
        compactIfWorthwhile()
        bytes.append(contentsOf: chunk)
    }

    public mutating func consume(_ count: Int) {
        precondition(count <= readableCount)
        readIndex += count
        if readIndex == bytes.count {
            // A small buffer is kept for the next request on this connection; a
            // large one (after an upload) is released so idle connections stay small.
            if bytes.capacity > Self.retainedCapacity {
                bytes = []
            } else {
                bytes.removeAll(keepingCapacity: true)
            }
            readIndex = 0
        } else if bytes.capacity > Self.largeCapacity && readableCount <= Self.largeCapacity / 4 {
            // A few bytes left after a large body (the start of a pipelined
            // request) must not keep the body's allocation alive: a client
            // dripping that next request would hold it outside the server's
            // large-body budget.
            bytes = Array(bytes[readIndex...])
            readIndex = 0
        }
    }

    /// Byte at `offset` past the read index.
    @inline(__always)
    public subscript(offset: Int) -> UInt8 { bytes[readIndex + offset] }

    /// Runs `body` over the unread bytes.
    @inline(__always)
    public func withReadableBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[readIndex...]))
        }
    }

    private mutating func compactIfWorthwhile() {
        if readIndex > 0 && readIndex >= bytes.count / 2 {
            bytes.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
