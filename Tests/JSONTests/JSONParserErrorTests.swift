import Testing

@testable import JSON

@Suite struct JSONParserErrorTests {
    struct Rejection: CustomTestStringConvertible, Sendable {
        let input: [UInt8]
        let message: String
        let offset: Int
        let line: Int
        let column: Int

        init(_ text: String, _ message: String, offset: Int, line: Int = 1, column: Int? = nil) {
            self.init(bytes: Array(text.utf8), message, offset: offset, line: line, column: column)
        }

        init(bytes: [UInt8], _ message: String, offset: Int, line: Int = 1, column: Int? = nil) {
            input = bytes
            self.message = message
            self.offset = offset
            self.line = line
            self.column = column ?? offset + 1
        }

        var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription }
    }

    static let rejections: [Rejection] = [
        // Structure
        Rejection("", "unexpected end of input, expected a value", offset: 0),
        Rejection("   ", "unexpected end of input, expected a value", offset: 3),
        Rejection("1 2", "unexpected character '2' after the JSON value", offset: 2),
        Rejection("{} x", "unexpected character 'x' after the JSON value", offset: 3),
        Rejection("[1,]", "trailing comma", offset: 2),
        Rejection("[1 , ]", "trailing comma", offset: 3),
        Rejection(#"{"a":1,}"#, "trailing comma", offset: 6),
        Rejection("[1 2]", "unexpected character '2', expected ',' or ']'", offset: 3),
        Rejection("[1", "unexpected end of input in array", offset: 2),
        Rejection("[", "unexpected end of input, expected a value", offset: 1),
        Rejection(#"{"a":1 "b":2}"#, "unexpected character '\"', expected ',' or '}'", offset: 7),
        Rejection("{1:2}", "unexpected character '1', expected a string key", offset: 1),
        Rejection("{'a':2}", "unexpected character ''', expected a string key", offset: 1),
        Rejection(#"{"a" 1}"#, "unexpected character '1', expected ':'", offset: 5),
        Rejection(#"{"a""#, "unexpected end of input in object", offset: 4),
        Rejection(#"{"a":1"#, "unexpected end of input in object", offset: 6),
        Rejection("]", "unexpected character ']', expected a value", offset: 0),
        // Literals and things JSON does not have
        Rejection("tru", "unexpected end of input in 'true'", offset: 3),
        Rejection("nul1", "unexpected character '1', expected 'null'", offset: 3),
        Rejection("True", "unexpected character 'T', expected a value", offset: 0),
        Rejection("NaN", "unexpected character 'N', expected a value", offset: 0),
        Rejection("Infinity", "unexpected character 'I', expected a value", offset: 0),
        Rejection("-Infinity", "expected a digit after '-'", offset: 1),
        Rejection("[1, // note\n2]", "comments are not allowed", offset: 4),
        Rejection("/* c */ 1", "comments are not allowed", offset: 0),
        Rejection("undefined", "unexpected character 'u', expected a value", offset: 0),
        // Numbers
        Rejection("01", "leading zeros are not allowed", offset: 1),
        Rejection("-012", "leading zeros are not allowed", offset: 2),
        Rejection("+1", "unexpected character '+', expected a value", offset: 0),
        Rejection(".5", "unexpected character '.', expected a value", offset: 0),
        Rejection("1.", "expected a digit after the decimal point", offset: 2),
        Rejection("1.e5", "expected a digit after the decimal point", offset: 2),
        Rejection("1e", "expected a digit in the exponent", offset: 2),
        Rejection("1e+", "expected a digit in the exponent", offset: 3),
        Rejection("-", "expected a digit after '-'", offset: 1),
        Rejection("0x1F", "unexpected character 'x' after the JSON value", offset: 1),
        Rejection("1e400", "number out of range", offset: 0),
        Rejection("[-1.5e309]", "number out of range", offset: 1),
        // Strings
        Rejection(#""abc"#, "unterminated string", offset: 0),
        Rejection(#"["a\"]"#, "unterminated string", offset: 1),
        Rejection("\"a\u{1}b\"", "unescaped control character U+0001 in string", offset: 2),
        Rejection("\"tab\there\"", "unescaped control character U+0009 in string", offset: 4),
        Rejection("\"line\nbreak\"", "unescaped control character U+000A in string", offset: 5),
        Rejection(#""a\x""#, "invalid escape sequence: backslash followed by character 'x'", offset: 2),
        Rejection(#""\'""#, "invalid escape sequence: backslash followed by character '''", offset: 1),
        Rejection(#""\u12G4""#, "invalid \\u escape: expected 4 hex digits", offset: 1),
        Rejection(#""\u12" "#, "invalid \\u escape: expected 4 hex digits", offset: 1),
        Rejection(#""\u1"#, "incomplete \\u escape", offset: 1),
        Rejection(#""\uD800""#, "unpaired surrogate \\uD800", offset: 1),
        Rejection(#""x\uD83Dy""#, "unpaired surrogate \\uD83D", offset: 2),
        Rejection(#""\uD800\u0041""#, "unpaired surrogate \\uD800", offset: 1),
        Rejection(#""\uD800\uD800""#, "unpaired surrogate \\uD800", offset: 1),
        Rejection(#""\uDC00""#, "unpaired surrogate \\uDC00", offset: 1),
        Rejection(#""\u00e9 \uDFFF""#, "unpaired surrogate \\uDFFF", offset: 8),
        // UTF-8
        Rejection(bytes: [0x22, 0xC3, 0x28, 0x22], "invalid UTF-8", offset: 1),
        Rejection(bytes: [0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8", offset: 1),
        Rejection(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], "invalid UTF-8", offset: 1),
        Rejection(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8", offset: 1),
        Rejection(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8", offset: 1),
        Rejection(bytes: [0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22], "invalid UTF-8", offset: 1),
        Rejection(bytes: [0x22, 0x61, 0x80, 0x22], "invalid UTF-8", offset: 2),
        Rejection(bytes: [0x22, 0x5C, 0x6E, 0xFF, 0x22], "invalid UTF-8", offset: 3),
        Rejection(bytes: [0x22, 0xE2, 0x82], "invalid UTF-8", offset: 1),
        Rejection(bytes: [0xEF, 0xBB, 0xBF, 0x31], "unexpected byte 0xEF, expected a value", offset: 0),
        Rejection(bytes: [0x5B, 0xC3, 0xA9, 0x5D], "unexpected byte 0xC3, expected a value", offset: 1),
        // Duplicates
        Rejection(#"{"a":1,"a":2}"#, "duplicate key \"a\"", offset: 7),
        Rejection(#"{"a":1,"\u0061":2}"#, "duplicate key \"a\"", offset: 7),
        // Positions: lines count LF (CRLF once), columns count characters
        Rejection("{\n  \"a\": 1,\n  \"a\": 2\n}", "duplicate key \"a\"", offset: 14, line: 3, column: 3),
        Rejection("[1,\r\n2,]", "trailing comma", offset: 6, line: 2, column: 2),
        Rejection("[\"€\", x]", "unexpected character 'x', expected a value", offset: 8, column: 7),
        Rejection("[\n\n  \"😀\",\n  tru\n]", "unexpected byte 0x0A, expected 'true'", offset: 18, line: 4, column: 6),
    ]

    @Test(arguments: rejections)
    func rejectsInvalidDocumentAtItsPosition(_ rejection: Rejection) {
        do {
            let value = try JSONParser.parse(rejection.input)
            Issue.record("accepted as \(value)")
        } catch {
            #expect(error.message == rejection.message)
            #expect(error.offset == rejection.offset)
            #expect(error.line == rejection.line)
            #expect(error.column == rejection.column)
        }
    }

    @Test func describesItsPositionForPeople() {
        do {
            _ = try JSONParser.parse(Array("[1,\n2,]".utf8))
        } catch {
            #expect(error.description == "trailing comma at line 2, column 2 (byte 5)")
        }
    }
}
