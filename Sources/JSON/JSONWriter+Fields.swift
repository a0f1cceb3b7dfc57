/// One call per object member, so an `encode(to:)` reads as a list of
/// fields. Optional values are written as `null`, never left out: the API
/// documents every field as always present.
extension JSONWriter {
    public mutating func field(_ k: StaticString, _ v: String?) {
        key(k)
        if let v { string(v) } else { null() }
    }

    public mutating func field(_ k: StaticString, _ v: Int?) {
        key(k)
        if let v { int(v) } else { null() }
    }

    public mutating func field(_ k: StaticString, _ v: Double?) {
        key(k)
        if let v { double(v) } else { null() }
    }

    public mutating func field(_ k: StaticString, _ v: Bool?) {
        key(k)
        if let v { bool(v) } else { null() }
    }

    public mutating func field(_ k: StaticString, _ v: JSONValue) {
        key(k)
        value(v)
    }

    /// Also takes an optional, for nested resources that may be absent.
    public mutating func field(_ k: StaticString, _ v: (some JSONEncodable)?) {
        key(k)
        if let v { v.encode(to: &self) } else { null() }
    }

    public mutating func field(_ k: StaticString, _ v: [some JSONEncodable]) {
        key(k)
        beginArray()
        for element in v { element.encode(to: &self) }
        endArray()
    }

    public mutating func field(_ k: StaticString, _ v: [String]) {
        key(k)
        beginArray()
        for element in v { string(element) }
        endArray()
    }
}
