/// A JSON object that keeps its members in insertion order.
///
/// Order matters because responses are read by people and diffed in tests:
/// fields come out in the order they went in. Keys are unique; the parser
/// rejects duplicates rather than silently letting one win. Equality follows
/// JSON's meaning, where an object is an unordered set of members: two
/// objects are equal when they hold the same keys with equal values, in any
/// order.
public struct JSONObject: Sendable, Equatable, Sequence {
    public private(set) var keys: [String]
    private(set) var values: [JSONValue]
    /// Key → position, built only once an object grows past
    /// `indexThreshold`: small objects (nearly all request bodies) are faster
    /// to scan than to hash, but a large one must not make lookups, and so
    /// duplicate detection while parsing, quadratic.
    private var positions: [String: Int]?
    private static let indexThreshold = 16

    public init() {
        keys = []
        values = []
    }

    /// Builds an object from pairs in order; a repeated key keeps its first
    /// position and its last value, as assigning through the subscript would.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }

    /// Assigning `nil` removes the member; assigning to a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            switch (position(of: key), newValue) {
            case (let index?, let value?):
                values[index] = value
            case (let index?, nil):
                keys.remove(at: index)
                values.remove(at: index)
                positions = nil
                indexIfLarge()
            case (nil, let value?):
                appendNew(key, value)
            case (nil, nil):
                break
            }
        }
    }

    func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    /// Appends a member whose key the caller has checked is absent.
    mutating func appendNew(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
        if positions == nil {
            indexIfLarge()
        } else {
            positions?[key] = keys.count - 1
        }
    }

    private mutating func indexIfLarge() {
        guard keys.count > Self.indexThreshold else { return }
        var index = [String: Int](minimumCapacity: keys.count * 2)
        for (position, key) in keys.enumerated() { index[key] = position }
        positions = index
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.count == b.count else { return false }
        if a.keys == b.keys { return a.values == b.values }
        for (key, value) in a where b[key] != value { return false }
        return true
    }

    public func makeIterator() -> Iterator { Iterator(object: self) }

    /// Walks the members in order.
    public struct Iterator: IteratorProtocol {
        let object: JSONObject
        var index = 0

        public mutating func next() -> (key: String, value: JSONValue)? {
            guard index < object.keys.count else { return nil }
            defer { index += 1 }
            return (object.keys[index], object.values[index])
        }
    }

    public var underestimatedCount: Int { count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Lets tests and call sites write `["id": .integer(1)]`, in order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
