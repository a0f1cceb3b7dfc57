import Foundation
import Testing

@testable import JSON

@Suite struct JSONRoundTripTests {
    /// Characters that exercise every escaping branch, plus ordinary text.
    static let tricky: [Unicode.Scalar] =
        (0..<0x20).map { Unicode.Scalar(UInt8($0)) } + [
            "\"", "\\", "/", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "é", "€", "\u{FFFD}",
            "\u{FEFF}", "\u{FFFF}", "😀", "👍", "\u{1F3FD}", "\u{10FFFF}", "\u{301}", "中",
        ]

    /// U+FEFF is left out when Foundation reads the result: on Linux it
    /// drops some byte order marks from the middle of strings.
    static func randomString(_ random: inout SeededGenerator, forFoundation: Bool = false) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            let scalar: Unicode.Scalar
            switch Int.random(in: 0..<4, using: &random) {
            case 0: scalar = tricky.randomElement(using: &random)!
            case 1: scalar = Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random))
            default: scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) ?? "?"
            }
            scalars.append(forFoundation && scalar == "\u{FEFF}" ? "?" : scalar)
        }
        return String(scalars)
    }

    @Test func escapedStringsReadBackExactlyWithFoundation() throws {
        var random = SeededGenerator(seed: 2028)
        for _ in 0..<1_000 {
            let original = Self.randomString(&random, forFoundation: true)
            var writer = JSONWriter()
            writer.string(original)
            let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: [.fragmentsAllowed])
            let text = try #require(decoded as? String)
            #expect(Array(text.utf8) == Array(original.utf8), "\(original.debugDescription)")
            #expect(try JSONParser.parse(writer.bytes) == .string(original))
        }
    }

    @Test func foundationOutputParsesToTheSameStrings() throws {
        var random = SeededGenerator(seed: 8259)
        let originals = (0..<500).map { _ in Self.randomString(&random, forFoundation: true) }
        let data = try JSONSerialization.data(withJSONObject: originals)
        #expect(try JSONParser.parse(Array(data)) == .array(originals.map(JSONValue.string)))
    }

    @Test func doublesRoundTripBitForBit() throws {
        var random = SeededGenerator(seed: 754)
        var samples: [Double] = [
            0, -0.0, 1, -1, 0.1, 1e-5, 1e21, 1e22, 1e23, .leastNonzeroMagnitude,
            .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            9_007_199_254_740_992, 123_456.789e-300,
        ]
        while samples.count < 20_000 {
            let candidate = Double(bitPattern: random.next())
            if candidate.isFinite { samples.append(candidate) }
            samples.append(Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 1000)
        }
        for sample in samples {
            var writer = JSONWriter()
            writer.double(sample)
            guard case .double(let parsed) = try JSONParser.parse(writer.bytes) else {
                Issue.record("\(sample) did not parse as a double")
                continue
            }
            #expect(parsed.bitPattern == sample.bitPattern, "\(sample)")
        }
    }

    @Test func doubleParsingAgreesWithTheStandardLibrary() throws {
        var random = SeededGenerator(seed: 1234)
        for _ in 0..<20_000 {
            let digits = String(UInt64.random(in: 0...UInt64.max, using: &random)).prefix(
                Int.random(in: 1...19, using: &random))
            let text =
                "\(digits).\(Int.random(in: 0...999, using: &random))e\(Int.random(in: -30...30, using: &random))"
            #expect(try JSONParser.parse(Array(text.utf8)) == .double(Double(text)!), "\(text)")
        }
    }

    @Test func integersRoundTripAtTheInt64Limits() throws {
        for value in [Int64.min, Int64.min + 1, -1, 0, 1, Int64.max - 1, Int64.max] {
            let bytes = JSONValue.integer(value).jsonBytes()
            #expect(try JSONParser.parse(bytes) == .integer(value))
        }
    }

    static func randomValue(_ random: inout SeededGenerator, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth < 5 ? 8 : 6), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(Int64.random(in: .min ... .max, using: &random))
        case 3: return .double(Double.random(in: -1e6...1e6, using: &random))
        case 4, 5: return .string(randomString(&random))
        case 6:
            return .array(
                (0..<Int.random(in: 0...5, using: &random)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                object[randomString(&random)] = randomValue(&random, depth: depth + 1)
            }
            return .object(object)
        }
    }

    @Test func writtenValuesParseBackEqual() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let value = Self.randomValue(&random, depth: 0)
            let parsed = try JSONParser.parse(value.jsonBytes())
            #expect(parsed == value)
            if case .object(let object) = value, case .object(let reparsed) = parsed {
                #expect(reparsed.keys == object.keys)
            }
        }
    }

    @Test func writtenValuesAreValidForFoundation() throws {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            let value = JSONValue.array([Self.randomValue(&random, depth: 0)])
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(value.jsonBytes())) }
        }
    }
}
