import Testing

@testable import CSV

@Suite struct CSVWriterTests {
    private func written(_ rows: [[String]]) -> String {
        var writer = CSVWriter()
        for row in rows { writer.writeRow(row) }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func endsEveryRowWithCRLF() {
        #expect(written([["a", "b"], ["c", "d"]]) == "a,b\r\nc,d\r\n")
        #expect(written([]) == "")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
        (" leading", "\" leading\""),
        ("trailing ", "\"trailing \""),
        ("in side", "in side"),
        ("é 😀", "é 😀"),
        ("=SUM(A1)", "=SUM(A1)"),
    ])
    func quotesAFieldOnlyWhenItMust(_ field: String, _ expected: String) {
        #expect(written([[field, "x"]]) == expected + ",x\r\n")
    }

    @Test func quotesALoneEmptyFieldSoItIsNotABlankLine() {
        #expect(written([[""], ["a"], [""]]) == "\"\"\r\na\r\n\"\"\r\n")
        #expect(written([["", ""]]) == ",\r\n")
    }

    @Test func roundTripsRandomRowsThroughTheReader() throws {
        var random = SeededGenerator(seed: 4180)
        let alphabet: [Character] = ["a", "Z", "0", " ", ",", "\"", "\n", "\r", "\r\n", "é", "😀", "\t", "'", "="]
        var rows: [[String]] = []
        for _ in 0..<2_000 {
            let width = Int.random(in: 1...8, using: &random)
            rows.append(
                (0..<width).map { _ in
                    String(
                        (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)!
                        })
                })
        }
        var writer = CSVWriter()
        for row in rows { writer.writeRow(row) }
        let records = try CSVReader.readAll(writer.bytes)
        #expect(records.map(\.fields) == rows)
    }
}
