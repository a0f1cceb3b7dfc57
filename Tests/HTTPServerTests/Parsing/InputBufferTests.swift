import HTTPServer
import Testing

@Suite struct InputBufferTests {
    @Test func appendedBytesAreReadableUntilConsumed() {
        var buffer = InputBuffer()
        #expect(buffer.isEmpty)
        buffer.append(Array("abcdef".utf8))
        #expect(buffer.readableCount == 6)
        buffer.consume(2)
        #expect(buffer.readableCount == 4)
        #expect(buffer[0] == UInt8(ascii: "c"))
        #expect(buffer.withReadableBytes { Array($0) } == Array("cdef".utf8))
    }

    @Test func consumingEverythingReleasesTheStorage() {
        var buffer = InputBuffer(Array("abc".utf8))
        buffer.consume(1)
        buffer.consume(2)
        #expect(buffer.isEmpty)
        #expect(buffer.bytes.isEmpty)
        #expect(buffer.readIndex == 0)
    }

    /// A reviewer found that the start of a pipelined request, left behind a
    /// 1 MiB body, kept the body's whole allocation alive while a client
    /// dripped the rest; that memory was outside the large-body budget.
    @Test func aFewBytesLeftAfterALargeBodyDoNotKeepItsStorage() {
        var buffer = InputBuffer([UInt8](repeating: 0x61, count: 1 << 20) + Array("GET /".utf8))
        buffer.consume(1 << 20)
        #expect(buffer.bytes == Array("GET /".utf8))
        #expect(buffer.bytes.capacity < 64 * 1024)
        // A large remainder (a large body still arriving) is left in place.
        var arriving = InputBuffer([UInt8](repeating: 0x62, count: 1 << 20))
        arriving.consume(100)
        #expect(arriving.readIndex == 100)
    }

    @Test func appendCompactsOnceHalfTheStorageIsConsumed() {
        var buffer = InputBuffer(Array("abcd".utf8))
        buffer.consume(1)
        buffer.append(Array("e".utf8))
        #expect(buffer.readIndex == 1)
        buffer.consume(1)
        buffer.append(Array("f".utf8))
        #expect(buffer.readIndex == 0)
        #expect(buffer.bytes == Array("cdef".utf8))
    }

    @Test func rawBufferAppendsLikeASequence() {
        var buffer = InputBuffer(Array("ab".utf8))
        Array("cd".utf8).withUnsafeBytes { buffer.append($0) }
        #expect(buffer.withReadableBytes { Array($0) } == Array("abcd".utf8))
    }
}
