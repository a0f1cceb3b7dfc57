/// Header fields in the order received. A list, not a dictionary, so that
/// duplicates stay visible to the rules that must reject them (RFC 9112 §6.3).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    public init() { fields = [] }

    public init(_ fields: [Element]) { self.fields = fields }

    /// Leaves room for the few fields middlewares add to a response (`ETag`,
    /// `Vary`, ...), which otherwise regrew the list twice per response.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = []
        fields.reserveCapacity(elements.count + 4)
        for (name, value) in elements { fields.append((name, value)) }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    /// The first value of `name`, compared case-insensitively (RFC 9110 §5.1).
    public subscript(name: String) -> String? {
        for field in fields where field.name.equalsIgnoringASCIICase(name) { return field.value }
        return nil
    }

    public func values(_ name: String) -> [String] {
        fields.compactMap { $0.name.equalsIgnoringASCIICase(name) ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// How many fields are called `name`, without collecting their values.
    public func count(of name: String) -> Int {
        fields.reduce(0) { $0 + ($1.name.equalsIgnoringASCIICase(name) ? 1 : 0) }
    }

    /// Whether a comma-separated list header holds `token` (RFC 9110 §5.6.1).
    public func containsToken(_ token: String, in name: String) -> Bool {
        for value in values(name) {
            for item in value.fieldItems(separatedBy: ",") where item.equalsIgnoringASCIICase(token) { return true }
        }
        return false
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces every field called `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }
}

extension StringProtocol {
    /// ASCII case-insensitive comparison without allocating lowercase copies.
    /// Lengths are compared first: most header lookups miss, and a miss then
    /// costs no byte comparisons. Both sides are compared as contiguous bytes
    /// where Swift stores them so (always, for native strings): iterating
    /// `UTF8View`s cost about 150 instructions a comparison, 5% of a point read.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let contiguous = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                for i in 0..<a.count where a[i] != b[i] && asciiLowercased(a[i]) != asciiLowercased(b[i]) {
                    return false
                }
                return true
            }
        }
        if let contiguous = contiguous ?? nil { return contiguous }
        var b = other.utf8.makeIterator()
        for x in utf8 {
            guard let y = b.next() else { return false }
            if x != y && asciiLowercased(x) != asciiLowercased(y) { return false }
        }
        return true
    }

    /// Strips optional whitespace (SP and HTAB, RFC 9110 §5.6.3) from both ends.
    public func trimmingOWS() -> Substring {
        trimmingASCII { $0 == 0x20 || $0 == 0x09 }
    }

    /// Strips the bytes `isTrimmed` accepts from both ends. It must accept
    /// only ASCII: a single-byte scalar, so the cut falls on a scalar
    /// boundary, and no `Character` (grapheme) is ever formed.
    public func trimmingASCII(_ isTrimmed: (UInt8) -> Bool) -> Substring {
        let s = Substring(self)
        let utf8 = s.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        func trims(_ byte: UInt8) -> Bool {
            let trimmed = isTrimmed(byte)
            assert(!trimmed || byte < 0x80, "trimmingASCII trimmed a non-ASCII byte")
            return trimmed
        }
        while start < end, trims(utf8[start]) { start = utf8.index(after: start) }
        while start < end, trims(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return s[start..<end]
    }

    /// The items of a list-valued field (`a, b`, or `type; p=v`), split at
    /// `separator` and trimmed of OWS; empty items are kept. Split on bytes,
    /// as the separators are ASCII: splitting on `Character`s (grapheme
    /// breaking) cost 9k instructions to check one `Content-Type`.
    public func fieldItems(separatedBy separator: Unicode.Scalar) -> [Substring] {
        let s = Substring(self)
        return s.utf8.split(separator: UInt8(ascii: separator), omittingEmptySubsequences: false).map {
            Substring($0).trimmingOWS()
        }
    }
}

@inlinable @inline(__always)
func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}
