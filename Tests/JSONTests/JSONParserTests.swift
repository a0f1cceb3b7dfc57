import Testing

@testable import JSON

@Suite struct JSONParserTests {
    static let accepted: [(String, JSONValue)] = [
        ("null", .null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        (" \t\r\n 1 \t\r\n ", .integer(1)),
        ("0", .integer(0)),
        ("-0", .integer(0)),
        ("-12", .integer(-12)),
        ("1.5", .double(1.5)),
        ("-0.25", .double(-0.25)),
        ("1e2", .double(100)),
        ("1E+2", .double(100)),
        ("25e-1", .double(2.5)),
        ("0e0", .double(0)),
        ("0.1", .double(0.1)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        ("5e-324", .double(.leastNonzeroMagnitude)),
        ("1e-400", .double(0)),
        ("9223372036854775807", .integer(.max)),
        ("-9223372036854775808", .integer(.min)),
        ("9223372036854775808", .double(9.223372036854775808e18)),
        ("-9223372036854775809", .double(-9.223372036854775809e18)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("\"\"", .string("")),
        ("\"plain\"", .string("plain")),
        (#""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{08}\u{0C}\n\r\t")),
        (#""\u0041\u00e9\u20AC\u0000""#, .string("Aé€\u{0}")),
        (#""\uD83D\uDE00 and \ud83d\ude00""#, .string("😀 and 😀")),
        ("\"é€😀\u{2028}\"", .string("é€😀\u{2028}")),
        (#""mixed \"escapes\" in é text""#, .string("mixed \"escapes\" in é text")),
        ("[]", .array([])),
        ("[ ]", .array([])),
        ("[1,\"a\",null,[true]]", .array([.integer(1), .string("a"), .null, .array([.bool(true)])])),
        ("{}", .object([:])),
        (" { \"a\" : 1 , \"b\" : [ ] } ", .object(["a": .integer(1), "b": .array([])])),
        ("{\"\":{\"x\":{}}}", .object(["": .object(["x": .object([:])])])),
    ]

    @Test(arguments: accepted)
    func acceptsValidDocument(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
    }

    @Test func keepsIntegersAndFractionsApart() throws {
        #expect(try JSONParser.parse(Array("2".utf8)) == .integer(2))
        #expect(try JSONParser.parse(Array("2.0".utf8)) == .double(2))
        #expect(try JSONParser.parse(Array("-0.0".utf8)) == .double(-0.0))
        guard case .double(let negativeZero) = try JSONParser.parse(Array("-0.0".utf8)) else { return }
        #expect(negativeZero.sign == .minus)
    }

    @Test func keepsObjectMembersInDocumentOrder() throws {
        let value = try JSONParser.parse(Array(#"{"z":1,"a":2,"m":3}"#.utf8))
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["z", "a", "m"])
    }

    @Test func parsesNonContiguousCollectionsAndSlices() throws {
        let text = Array(#"xx{"a":[1,2]}yy"#.utf8)
        let expected: JSONValue = .object(["a": .array([.integer(1), .integer(2)])])
        #expect(try JSONParser.parse(text[2..<(text.count - 2)]) == expected)
        #expect(try JSONParser.parse(text[2..<(text.count - 2)].reversed().reversed()) == expected)
        #expect(try JSONParser.parse("[1]".utf8) == .array([.integer(1)]))
    }

    @Test func acceptsNestingAtTheDepthLimit() throws {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(Array(text.utf8)) }
        let objects = String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(Array(objects.utf8)) }
    }

    @Test func rejectsNestingOneBeyondTheDepthLimit() {
        let text = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
        do {
            _ = try JSONParser.parse(Array(text.utf8))
        } catch {
            #expect(error.message == "nesting deeper than 64 levels")
            #expect(error.offset == 64)
        }
    }

    @Test func honoursACustomDepthLimit() throws {
        #expect(throws: Never.self) { try JSONParser.parse(Array("[[1]]".utf8), maxDepth: 2) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array("[[1]]".utf8), maxDepth: 1) }
        #expect(throws: Never.self) { try JSONParser.parse(Array("1".utf8), maxDepth: 0) }
    }

    @Test func parsesAMegabyteArray() throws {
        var text = "["
        var expected: [JSONValue] = []
        var index = 0
        while text.utf8.count < 1_000_000 {
            if index > 0 { text += "," }
            let entry: JSONValue = index % 2 == 0 ? .integer(Int64(index) * 7919) : .string("item \(index) \"é\"")
            text += index % 2 == 0 ? "\(Int64(index) * 7919)" : #""item \#(index) \"é\"""#
            expected.append(entry)
            index += 1
        }
        text += "]"
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value == .array(expected))
    }

    @Test func detectsDuplicatesInLargeObjects() throws {
        let members = (0..<5_000).map { #""key\#($0)":\#($0)"# }
        let unique = "{" + members.joined(separator: ",") + "}"
        guard case .object(let object) = try JSONParser.parse(Array(unique.utf8)) else {
            Issue.record("not an object")
            return
        }
        #expect(object.count == 5_000)
        #expect(object["key4321"] == .integer(4321))

        let duplicated = "{" + members.joined(separator: ",") + #","key17":0}"#
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(duplicated.utf8)) }
    }
}
