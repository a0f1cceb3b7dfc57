import Testing

@testable import CSV

@Suite struct CSVReaderErrorTests {
    private func error(_ bytes: [UInt8]) -> CSVError? {
        do {
            let records = try CSVReader.readAll(bytes)
            Issue.record("accepted as \(records)")
            return nil
        } catch {
            return error
        }
    }

    private func error(_ text: String) -> CSVError? {
        error(Array(text.utf8))
    }

    @Test func reportsAnUnterminatedQuoteAtTheLineItsRecordStarts() {
        let message = "unterminated quoted field"
        #expect(error("\"a") == CSVError(line: 1, message: message))
        // The first record spans lines 1–2, so the broken one starts on line 3.
        #expect(error("a,\"b\nc\"\nd,\"never closed\ne,f\n") == CSVError(line: 3, message: message))
        #expect(error("h\r\n\"x\r\ny\"\r\nz,\"open \"\" still\r\n") == CSVError(line: 4, message: message))
        #expect(error("a,\"b") == CSVError(line: 1, message: message))
    }

    @Test func rejectsAQuoteInsideAnUnquotedField() {
        let message = "quote inside an unquoted field: quote the whole field and double the quotes in it"
        #expect(error("a,b\"c\n") == CSVError(line: 1, message: message))
        #expect(error("h\n\"1\n2\",x\"y\n") == CSVError(line: 2, message: message))
        #expect(error("ok\n \"spaced\"\n") == CSVError(line: 2, message: message))
        #expect(error("ok\nend\"") == CSVError(line: 2, message: message))
    }

    @Test func rejectsCharactersAfterAClosingQuote() {
        let message = "unexpected character after a closing quote"
        #expect(error("\"a\"b,c") == CSVError(line: 1, message: message))
        #expect(error("x\ny\n\"a\" ,c") == CSVError(line: 3, message: message))
        #expect(error("\"a\"\"\"\"b\"x") == CSVError(line: 1, message: message))
    }

    @Test func rejectsInvalidUTF8() {
        let message = "invalid UTF-8"
        #expect(error([0x61, 0xFF, 0x0A]) == CSVError(line: 1, message: message))
        #expect(
            error(Array("ok\n\"a\n".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)) == CSVError(line: 2, message: message))
        #expect(
            error(Array("\"a\"\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"".utf8)) == CSVError(line: 1, message: message))
        #expect(error([0xEF, 0xBB]) == CSVError(line: 1, message: message))
    }

    @Test func describesItselfWithTheLine() {
        #expect(
            CSVError(line: 3, message: "unterminated quoted field").description == "line 3: unterminated quoted field")
    }
}
