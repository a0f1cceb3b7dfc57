/// Reads a request body's object field by field, collecting every problem
/// instead of stopping at the first, so a client can fix them all at once.
///
/// Unknown fields are an error in our API (that is how forbidden fields are
/// rejected too), so the reader remembers which keys it was asked about and
/// `finish()` reports the rest. Every accessor marks its key as read, even
/// when the value turns out to be invalid, so a bad field is reported once,
/// for what is wrong with it, and not again as unknown.
///
/// Accessors return `nil` both when a field is absent and when it is
/// invalid; `errors` tells the two apart. Messages read after the field
/// name ("name is required"), and field names carry the reader's `path`.
public struct JSONObjectReader {
    private let object: JSONObject
    private let path: String
    /// Parallel to `object.keys`.
    private var wasRead: [Bool]
    public private(set) var errors: [FieldError] = []

    /// `path` prefixes field names in errors, e.g. `"team[0]."` for an
    /// object nested in an array.
    public init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
        wasRead = Array(repeating: false, count: object.count)
    }

    /// Strings must not contain NUL (our storage and many clients cut text
    /// there). Lengths count `Character`s, as a person would.
    public mutating func string(_ key: String, required: Bool, maxLength: Int? = nil, minLength: Int = 0) -> String? {
        guard let value = take(key, required: required) else { return nil }
        guard case .string(let text) = value else { return reject(key, "must be a string") }
        if text.utf8.contains(0) { return reject(key, "must not contain NUL characters") }
        if let problem = Self.lengthProblem(text, minLength: minLength, maxLength: maxLength) {
            return reject(key, problem)
        }
        // A name of spaces is as empty as no name.
        if minLength > 0 && text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            return reject(key, "must not be blank")
        }
        return text
    }

    /// Only integer literals: `2.0` is rejected, because a client sending it
    /// has most likely confused the field with another.
    public mutating func int(_ key: String, required: Bool, range: ClosedRange<Int>? = nil) -> Int? {
        guard let value = take(key, required: required) else { return nil }
        guard case .integer(let wide) = value, let number = Int(exactly: wide) else {
            return reject(key, "must be an integer")
        }
        if let range, !range.contains(number) {
            return reject(key, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    /// Accepts integer literals too: `2` is a perfectly good number.
    public mutating func double(_ key: String, required: Bool, range: ClosedRange<Double>? = nil) -> Double? {
        guard let value = take(key, required: required) else { return nil }
        let number: Double
        switch value {
        case .integer(let integer): number = Double(integer)
        case .double(let double): number = double
        default: return reject(key, "must be a number")
        }
        if let range, !range.contains(number) {
            return reject(key, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    public mutating func bool(_ key: String, required: Bool) -> Bool? {
        guard let value = take(key, required: required) else { return nil }
        guard case .bool(let flag) = value else { return reject(key, "must be true or false") }
        return flag
    }

    public mutating func array(_ key: String, required: Bool) -> [JSONValue]? {
        guard let value = take(key, required: required) else { return nil }
        guard case .array(let items) = value else { return reject(key, "must be an array") }
        return items
    }

    /// Read nested objects with a reader of their own, whose `path` names them.
    public mutating func object(_ key: String, required: Bool) -> JSONObject? {
        guard let value = take(key, required: required) else { return nil }
        guard case .object(let nested) = value else { return reject(key, "must be an object") }
        return nested
    }

    /// The message lists the allowed values, so the client learns them from
    /// the error; a value of the wrong type gets the same message.
    public mutating func `enum`<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool, as type: E.Type)
        -> E?
    where E.RawValue == String {
        guard let value = take(key, required: required) else { return nil }
        guard case .string(let text) = value, let member = E(rawValue: text) else {
            return reject(key, "must be one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return member
    }

    /// Whether the key is there at all, even as `null`. Does not count as reading it.
    public func isPresent(_ key: String) -> Bool {
        object.position(of: key) != nil
    }

    /// Whether the key is there as `null`: in a merge patch, that clears the
    /// field. Does not count as reading it.
    public func isNull(_ key: String) -> Bool {
        object[key] == .null
    }

    /// Refuses a field that is known but not allowed here (it belongs to
    /// another variant of the object): an error unless it is absent or `null`,
    /// and never reported as unknown.
    public mutating func refuse(_ key: String, _ message: String) {
        guard let position = object.position(of: key) else { return }
        wasRead[position] = true
        if object.values[position] != .null { addError(key, message) }
    }

    /// Records a problem the accessors cannot see, such as a rule across two
    /// fields. `field` is prefixed with the reader's path like any other.
    public mutating func addError(_ field: String, _ message: String) {
        errors.append(FieldError(field: path + field, message: message))
    }

    /// Call last: reports every key that was never read as unknown, and
    /// returns all errors. Calling it again reports nothing new.
    public mutating func finish() -> [FieldError] {
        for (position, key) in object.keys.enumerated() where !wasRead[position] {
            addError(key, "is not a known field")
            wasRead[position] = true
        }
        return errors
    }

    // MARK: Steps shared by the accessors

    /// Marks the key read and deals with absence and `null`, which mean the
    /// same for every type; returns the value only when there is one to check.
    private mutating func take(_ key: String, required: Bool) -> JSONValue? {
        guard let position = object.position(of: key) else {
            if required { addError(key, "is required") }
            return nil
        }
        wasRead[position] = true
        let value = object.values[position]
        if value == .null {
            if required { addError(key, "must not be null") }
            return nil
        }
        return value
    }

    private mutating func reject<T>(_ key: String, _ message: String) -> T? {
        addError(key, message)
        return nil
    }

    /// Lengths count Unicode scalars, as JSON Schema's `maxLength` and
    /// SQLite's `length()` in the schema's CHECKs do: counted as `Character`s,
    /// a name heavy with combining marks passed here and then failed the
    /// CHECK (a `500`). A scalar takes at least one UTF-8 byte, so when the
    /// byte count already settles both limits the scalar count is skipped.
    private static func lengthProblem(_ text: String, minLength: Int, maxLength: Int?) -> String? {
        let byteCount = text.utf8.count
        if byteCount <= (maxLength ?? .max) && minLength <= min(byteCount, 1) { return nil }
        let length = text.unicodeScalars.count
        if length < minLength {
            return minLength == 1 ? "must not be empty" : "must be at least \(characters(minLength))"
        }
        if let maxLength, length > maxLength { return "must be at most \(characters(maxLength))" }
        return nil
    }

    private static func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }
}
