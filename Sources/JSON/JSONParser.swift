/// Strict RFC 8259 parsing of request bodies and cursors.
///
/// Strict because the API promises a `400` for malformed JSON: anything a
/// lenient parser would guess at (comments, trailing commas, `NaN`, duplicate
/// keys, lone surrogates, invalid UTF-8) is rejected with its position.
public enum JSONParser {
    /// Parses exactly one value with optional surrounding whitespace.
    ///
    /// Integer literals that fit `Int64` become `.integer`; every other number
    /// (fraction, exponent or too large) becomes `.double`, and one too large
    /// even for a `Double` is rejected. `maxDepth` bounds the nesting of arrays
    /// and objects, and with it the parser's recursion, so a hostile body
    /// cannot exhaust the stack.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable { parse(buffer: $0, maxDepth: maxDepth) }
        return try (result ?? Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, maxDepth: maxDepth) }).get()
    }

    /// `Result` carries the typed error out of closures that only rethrow untyped.
    private static func parse(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) -> Result<JSONValue, JSONParseError> {
        var parser = ByteParser(input: buffer, maxDepth: maxDepth)
        return Result { () throws(JSONParseError) in try parser.parseDocument() }
    }
}
