/// Streams JSON into a byte buffer, for encoding every API response.
///
/// Commas are the writer's business, not the call site's: a value or key
/// gets a comma in front unless it is the first thing written, or follows an
/// opening bracket or a key. That is decided from the last byte written, so
/// there is no stack to maintain and no depth limit. The writer trusts its
/// caller to nest correctly (keys only directly inside objects, every begin
/// matched by its end); it does not validate structure on the hot path.
public struct JSONWriter {
    public private(set) var bytes: [UInt8]

    /// `capacity` is a hint that saves regrowing the buffer for large responses.
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        appendSeparated(UInt8(ascii: "{"))
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        appendSeparated(UInt8(ascii: "["))
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"k":`; the value written next belongs to it.
    public mutating func key(_ k: String) {
        appendString(k, colon: true)
    }

    /// A key spelled in the source, as every `field` call's is: it is copied
    /// as it stands, without the scan for bytes to escape that a `String` key
    /// gets (a list of 50 schools writes 700 keys). Debug builds check that
    /// it needs no escaping.
    public mutating func key(_ k: StaticString) {
        let text = UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount)
        assert(Self.cleanPrefixCount(text) == text.count, "a JSON key literal that needs escaping: \(k)")
        appendQuoted(text, clean: text.count, colon: true)
    }

    public mutating func string(_ s: String) {
        appendString(s, colon: false)
    }

    /// A string value from UTF-8 bytes already at hand (a formatted
    /// timestamp), without building a `String` first. The bytes must be
    /// valid UTF-8: they are escaped, not validated.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        appendQuoted(utf8, clean: Self.cleanPrefixCount(utf8), colon: false)
    }

    public mutating func int(_ v: Int) {
        let comma = needsComma
        appendUnsafe(upTo: 21) { out in
            var count = 0
            if comma { out.write(UInt8(ascii: ","), at: &count) }
            var magnitude = v.magnitude
            if v < 0 { out.write(UInt8(ascii: "-"), at: &count) }
            var digits = 1
            var rest = magnitude
            while rest >= 10 {
                rest /= 10
                digits += 1
            }
            count += digits
            var index = count
            repeat {
                index -= 1
                out[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            return count
        }
    }

    /// Writes the shortest text that parses back to exactly `v` (Swift's
    /// `description`, e.g. `1.0`, `0.1`, `1e-05`), so doubles round-trip bit
    /// for bit. JSON has no NaN or infinity: those are written as `null`
    /// rather than trapping, because one bad computed figure must not bring
    /// down the server that is answering a request.
    public mutating func double(_ v: Double) {
        guard v.isFinite else { return appendSeparated("null") }
        let comma = needsComma
        var text = v.description
        text.withUTF8 { utf8 in
            appendUnsafe(upTo: utf8.count + 1) { out in
                var count = 0
                if comma { out.write(UInt8(ascii: ","), at: &count) }
                out.write(utf8, at: &count)
                return count
            }
        }
    }

    public mutating func bool(_ v: Bool) {
        appendSeparated(v ? "true" : "false")
    }

    public mutating func null() {
        appendSeparated("null")
    }

    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .integer(let i): int(Int(i))
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case .object(let object):
            beginObject()
            for (k, item) in object {
                key(k)
                value(item)
            }
            endObject()
        }
    }

    // MARK: Bytes

    /// Whether the next key or value needs a comma in front.
    var needsComma: Bool {
        guard let last = bytes.last else { return false }
        return last != UInt8(ascii: "[") && last != UInt8(ascii: "{") && last != UInt8(ascii: ":")
    }

    /// Reserves room for up to `maxCount` bytes and lets `body` write them
    /// straight into the buffer, returning how many it wrote. One capacity
    /// and uniqueness check per token instead of one per byte: more than
    /// twice as fast as separate `append`s for the short tokens JSON is made of.
    @inline(__always)
    mutating func appendUnsafe(upTo maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        bytes.append(addingCapacity: maxCount) { span in
            span.withUnsafeMutableBufferPointer { buffer, initialized in
                initialized += body(buffer.baseAddress! + initialized)
            }
        }
    }

    private mutating func appendSeparated(_ token: UInt8) {
        let comma = needsComma
        appendUnsafe(upTo: 2) { out in
            var count = 0
            if comma { out.write(UInt8(ascii: ","), at: &count) }
            out.write(token, at: &count)
            return count
        }
    }

    private mutating func appendSeparated(_ literal: StaticString) {
        let comma = needsComma
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        appendUnsafe(upTo: text.count + 1) { out in
            var count = 0
            if comma { out.write(UInt8(ascii: ","), at: &count) }
            out.write(text, at: &count)
            return count
        }
    }
}

extension UnsafeMutablePointer<UInt8> {
    /// Writes one byte at `count` and advances it.
    @inline(__always)
    func write(_ byte: UInt8, at count: inout Int) {
        self[count] = byte
        count += 1
    }

    /// Copies `bytes` to `count` and advances it.
    @inline(__always)
    func write(_ bytes: UnsafeBufferPointer<UInt8>, at count: inout Int) {
        if let source = bytes.baseAddress { (self + count).update(from: source, count: bytes.count) }
        count += bytes.count
    }
}
