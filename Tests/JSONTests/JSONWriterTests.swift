import Testing

@testable import JSON

@Suite struct JSONWriterTests {
    private func text(_ write: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func placesCommasInNestedArraysAndObjects() {
        let json = text { w in
            w.beginObject()
            w.key("a")
            w.beginArray()
            w.int(1)
            w.beginArray()
            w.endArray()
            w.beginObject()
            w.endObject()
            w.beginArray()
            w.beginArray()
            w.null()
            w.endArray()
            w.string("x")
            w.endArray()
            w.int(2)
            w.endArray()
            w.field("b", nil as String?)
            w.key("c")
            w.beginObject()
            w.field("d", true)
            w.field("e", [String]())
            w.endObject()
            w.field("f", 1.5)
            w.endObject()
        }
        #expect(json == #"{"a":[1,[],{},[[null],"x"],2],"b":null,"c":{"d":true,"e":[]},"f":1.5}"#)
    }

    @Test func writesEmptyContainers() {
        #expect(
            text {
                $0.beginObject(); $0.endObject()
            } == "{}")
        #expect(
            text {
                $0.beginArray(); $0.endArray()
            } == "[]")
        #expect(text { $0.value(.array([.array([]), .object([:]), .array([])])) } == "[[],{},[]]")
    }

    @Test func writesIntegersAtTheirLimits() {
        #expect(text { $0.int(0) } == "0")
        #expect(text { $0.int(-7) } == "-7")
        #expect(text { $0.int(Int.max) } == "9223372036854775807")
        #expect(text { $0.int(Int.min) } == "-9223372036854775808")
        #expect(text { $0.value(.integer(.min)) } == "-9223372036854775808")
    }

    @Test func writesDoublesAsShortestRoundTripText() {
        #expect(text { $0.double(1) } == "1.0")
        #expect(text { $0.double(0.1) } == "0.1")
        #expect(text { $0.double(-0.0) } == "-0.0")
        #expect(text { $0.double(1e-5) } == "1e-05")
        #expect(text { $0.double(1e300) } == "1e+300")
        #expect(text { $0.double(0.1 + 0.2) } == "0.30000000000000004")
    }

    @Test func writesNonFiniteDoublesAsNull() {
        #expect(text { $0.double(.nan) } == "null")
        #expect(text { $0.double(.infinity) } == "null")
        #expect(text { $0.field("x", -Double.infinity) } == #""x":null"#)
    }

    @Test(arguments: [
        ("", #""""#),
        ("plain ascii", #""plain ascii""#),
        ("quote \" backslash \\ slash /", #""quote \" backslash \\ slash /""#),
        ("\n\r\t\u{08}\u{0C}", #""\n\r\t\b\f""#),
        ("\u{0}\u{1}\u{1F}\u{7F}", #""\u0000\u0001\u001f\#u{7F}""#),
        ("line\u{2028}para\u{2029}end", #""line\u2028para\u2029end""#),
        ("é € 😀 \u{2027}\u{202A}", "\"é € 😀 \u{2027}\u{202A}\""),
        ("\"", #""\"""#),
        ("\u{E2}\u{2028}", "\"\u{E2}\\u2028\""),
    ])
    func escapesOnlyWhatItMust(_ input: String, _ expected: String) {
        #expect(text { $0.string(input) } == expected)
    }

    /// The escaper scans eight bytes at a time; put every kind of character
    /// at every offset around those word boundaries and compare with a
    /// character-by-character reference.
    @Test func escapesAtEveryPositionInAndAroundWords() {
        func reference(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                case "\u{0}"..."\u{1F}":
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let specials: [String] = [
            "\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{2028}", "\u{2029}", "€", "\u{2027}", "é", "😀", "\u{7F}",
        ]
        for length in 0...20 {
            for offset in 0...length {
                for special in specials {
                    let base = String(repeating: "a", count: length)
                    let input = String(base.prefix(offset)) + special + String(base.dropFirst(offset))
                    #expect(text { $0.string(input) } == reference(input), "\(input.debugDescription)")
                    var bytes = input
                    let fromBytes = bytes.withUTF8 { utf8 in text { $0.string(utf8: utf8) } }
                    #expect(fromBytes == reference(input), "\(input.debugDescription)")
                    let doubled = input + special
                    #expect(text { $0.string(doubled) } == reference(doubled), "\(doubled.debugDescription)")
                }
            }
        }
    }

    @Test func escapesKeysLikeStrings() {
        let key: String = "a\"b\n"
        #expect(
            text {
                $0.beginObject(); $0.key(key); $0.int(1); $0.endObject()
            } == #"{"a\"b\n":1}"#)
    }

    /// Source-spelled keys skip the escaping scan and must come out the same
    /// as the same key written as a `String`.
    @Test func literalKeysMatchStringKeys() {
        let literal = text {
            $0.beginObject(); $0.field("first", 1); $0.key("second" as StaticString); $0.int(2); $0.endObject()
        }
        let first: String = "first", second: String = "second"
        let dynamic = text {
            $0.beginObject(); $0.key(first); $0.int(1); $0.key(second); $0.int(2); $0.endObject()
        }
        #expect(literal == dynamic)
        #expect(literal == #"{"first":1,"second":2}"#)
    }

    @Test func writesEveryFieldKindWithNullForNil() {
        struct Point: JSONEncodable {
            let x: Int
            func encode(to writer: inout JSONWriter) {
                writer.beginObject()
                writer.field("x", x)
                writer.endObject()
            }
        }
        let json = text { w in
            w.beginObject()
            w.field("s", "v")
            w.field("sn", nil as String?)
            w.field("i", 3)
            w.field("in", nil as Int?)
            w.field("d", 2.5)
            w.field("dn", nil as Double?)
            w.field("b", false)
            w.field("bn", nil as Bool?)
            w.field("v", JSONValue.array([.integer(1)]))
            w.field("p", Point(x: 1))
            w.field("pn", nil as Point?)
            w.field("ps", [Point(x: 1), Point(x: 2)])
            w.field("ss", ["a", "b"])
            w.endObject()
        }
        let expected =
            #"{"s":"v","sn":null,"i":3,"in":null,"d":2.5,"dn":null,"b":false,"bn":null,"v":[1],"#
            + #""p":{"x":1},"pn":null,"ps":[{"x":1},{"x":2}],"ss":["a","b"]}"#
        #expect(json == expected)
    }

    @Test func encodesValuesThroughTheProtocol() {
        let value: JSONValue = .object(["list": .array([.bool(true), .null, .double(0.5), .string("é")])])
        #expect(String(decoding: value.jsonBytes(), as: UTF8.self) == #"{"list":[true,null,0.5,"é"]}"#)
    }
}
