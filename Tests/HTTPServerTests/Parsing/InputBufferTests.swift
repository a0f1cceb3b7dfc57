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
