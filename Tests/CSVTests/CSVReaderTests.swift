import Testing

@testable import CSV

@Suite struct CSVReaderTests {
    private func read(_ text: String) throws(CSVError) -> [CSVRecord] {
        try CSVReader.readAll(Array(text.utf8))
    }

    private func fields(_ text: String) throws -> [[String]] {
        try read(text).map(\.fields)
    }

    @Test func readsLFAndCRLFLineEndsAlike() throws {
        #expect(
            try read("a,b\nc,d\n") == [
                CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", "d"]),
            ])
        #expect(
            try read("a,b\r\nc,d\r\n") == [
                CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", "d"]),
            ])
        #expect(try fields("a\r\nb\nc\rd") == [["a"], ["b"], ["c"], ["d"]])
    }

    @Test func readsAFinalLineWithoutATerminator() throws {
        #expect(try fields("a,b\nc,d") == [["a", "b"], ["c", "d"]])
        #expect(try fields("only") == [["only"]])
    }

    @Test func ignoresBlankLinesAtTheEnd() throws {
        #expect(try fields("a\n\n") == [["a"]])
        #expect(try fields("a\r\n\r\n\r\n") == [["a"]])
        #expect(try fields("") == [])
        #expect(try fields("\n") == [])
    }

    @Test func returnsABlankLineInTheMiddleAsOneEmptyField() throws {
        #expect(
            try read("a\n\nb\n") == [
                CSVRecord(line: 1, fields: ["a"]), CSVRecord(line: 2, fields: [""]), CSVRecord(line: 3, fields: ["b"]),
            ])
    }

    @Test func skipsALeadingByteOrderMark() throws {
        #expect(
            try CSVReader.readAll([0xEF, 0xBB, 0xBF] + Array("URN,Name\r\n1,A\r\n".utf8)) == [
                CSVRecord(line: 1, fields: ["URN", "Name"]), CSVRecord(line: 2, fields: ["1", "A"]),
            ])
        #expect(try CSVReader.readAll([0xEF, 0xBB, 0xBF]) == [])
        #expect(try fields("a,\u{FEFF}b") == [["a", "\u{FEFF}b"]])
    }

    @Test func keepsEmptyFields() throws {
        #expect(try fields(",\n,,x,\n\"\",\"\"") == [["", ""], ["", "", "x", ""], ["", ""]])
        #expect(try fields("a,") == [["a", ""]])
    }

    @Test func returnsRaggedRowsAsTheyAre() throws {
        #expect(try fields("a,b,c\nd\ne,f,g,h\n") == [["a", "b", "c"], ["d"], ["e", "f", "g", "h"]])
    }

    @Test func unquotesFieldsWithCommasQuotesAndLineBreaks() throws {
        let text = "\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n\"1\n2\",\"3\r\n4\",\"5\r6\"\nplain,\"\",\"x\"\n"
        #expect(try fields(text) == [["a,b", "say \"hi\"", "\""], ["1\n2", "3\r\n4", "5\r6"], ["plain", "", "x"]])
    }

    @Test func keepsSpacesAndNonASCIITextExactly() throws {
        #expect(try fields(" a , b \n\"é, 😀\",中\n") == [[" a ", " b "], ["é, 😀", "中"]])
    }

    @Test func numbersRecordsByThePhysicalLineWhereTheyStart() throws {
        let text = "h1,h2\r\n\"multi\r\nline\",x\r\nnext,\"two\nmore\nlines\"\r\nlast,y"
        #expect(try read(text).map(\.line) == [1, 2, 4, 7])
        #expect(try read("a\n\"b\rc\"\nd").map(\.line) == [1, 2, 4])
    }

    @Test func readsRecordByRecord() throws {
        var reader = CSVReader(bytes: Array("a\n\"b\nc\"\n".utf8))
        #expect(try reader.next() == CSVRecord(line: 1, fields: ["a"]))
        #expect(try reader.next() == CSVRecord(line: 2, fields: ["b\nc"]))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test func readsALargeExtract() throws {
        var text = "URN,EstablishmentName,Type,Phase,LA,GOR,TrustCode,TrustName,Ofsted,Pupils,Postcode\r\n"
        for row in 0..<25_000 {
            text += "\(100_000 + row),\"St Mary's, School \(row)\",Academy converter,Primary,Camden,London,"
            text += row % 3 == 0 ? ",,Good,\(row % 1800),NW1 2AB\r\n" : "\(row),Trust \(row),,,\"N\"\"1\"\r\n"
        }
        let records = try CSVReader.readAll(Array(text.utf8))
        #expect(records.count == 25_001)
        #expect(records.allSatisfy { $0.fields.count == 11 })
        #expect(records[25_000].line == 25_001)
        #expect(records[2].fields[1] == "St Mary's, School 1")
        #expect(records[2].fields[10] == "N\"1")
    }
}
