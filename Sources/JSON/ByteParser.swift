/// The recursive-descent parser behind `JSONParser`, over one contiguous
/// buffer so the hot loops index raw memory instead of a generic collection.
struct ByteParser {
    let input: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var position = 0
    var depth = 0
    /// Reused by every string that has escapes, so decoding them does not
    /// allocate once per string.
    var scratch: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.input = input
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == input.count else { throw failure("unexpected \(describe(position)) after the JSON value") }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < input.count else { throw failure("unexpected end of input, expected a value") }
        switch input[position] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "/"): throw failure("comments are not allowed")
        default: throw failure("unexpected \(describe(position)), expected a value")
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard position < input.count else { throw failure("unexpected end of input in '\(literal)'") }
            guard input[position] == byte else {
                throw failure("unexpected \(describe(position)), expected '\(literal)'")
            }
            position += 1
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> [JSONValue] {
        try enterContainer()
        var items: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return items
        }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ",")?:
                try skipComma(before: UInt8(ascii: "]"))
            case UInt8(ascii: "]")?:
                position += 1
                depth -= 1
                return items
            case nil: throw failure("unexpected end of input in array")
            default: throw failure("unexpected \(describe(position)), expected ',' or ']'")
            }
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONObject {
        try enterContainer()
        var object = JSONObject()
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return object
        }
        while true {
            switch peek {
            case UInt8(ascii: "\"")?: break
            case nil: throw failure("unexpected end of input in object")
            default: throw failure("unexpected \(describe(position)), expected a string key")
            }
            let keyOffset = position
            let key = try parseString()
            if object.position(of: key) != nil { throw failure("duplicate key \"\(key)\"", at: keyOffset) }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ":")?: position += 1
            case nil: throw failure("unexpected end of input in object")
            default: throw failure("unexpected \(describe(position)), expected ':'")
            }
            skipWhitespace()
            object.appendNew(key, try parseValue())
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ",")?:
                try skipComma(before: UInt8(ascii: "}"))
            case UInt8(ascii: "}")?:
                position += 1
                depth -= 1
                return object
            case nil: throw failure("unexpected end of input in object")
            default: throw failure("unexpected \(describe(position)), expected ',' or '}'")
            }
        }
    }

    /// Consumes the opening bracket, refusing to go deeper than allowed.
    private mutating func enterContainer() throws(JSONParseError) {
        guard depth < maxDepth else { throw failure("nesting deeper than \(maxDepth) levels") }
        depth += 1
        position += 1
    }

    /// Consumes a comma and the whitespace after it; a closing bracket right
    /// after it is a trailing comma, reported at the comma.
    private mutating func skipComma(before closing: UInt8) throws(JSONParseError) {
        let comma = position
        position += 1
        skipWhitespace()
        if peek == closing { throw failure("trailing comma", at: comma) }
    }

    // MARK: Cursor

    var peek: UInt8? { position < input.count ? input[position] : nil }

    /// RFC 8259 whitespace is exactly space, tab, LF and CR.
    mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    func failure(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(message: message, offset: offset ?? position, in: input)
    }

    /// Names the byte at `offset` for a message: printable ASCII as itself,
    /// anything else by its hex value (it may not be a whole character).
    func describe(_ offset: Int) -> String {
        guard offset < input.count else { return "end of input" }
        let byte = input[offset]
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(hexByte(byte))"
    }
}
