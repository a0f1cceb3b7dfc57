/// Reads RFC 4180 CSV, such as the DfE school extract we import, one record
/// at a time.
///
/// Accepts quoted fields containing commas, doubled quotes and line breaks;
/// records ended by CRLF, LF or a lone CR (the old Mac convention, which some
/// spreadsheet exports still use), the last one with or without an ending; a
/// leading UTF-8 byte order mark (Excel writes one); and blank lines at the
/// end of the file, which are ignored. A blank line elsewhere is a record
/// with one empty field, left for the caller's column check to report.
///
/// Rejects, rather than guesses at: an unterminated quoted field, a quote
/// inside an unquoted field, anything but a delimiter after a closing quote,
/// and invalid UTF-8. Every error names the line where its record starts.
///
/// Works on bytes, not `Character`s: a 25,000-row extract is read in
/// milliseconds.
public struct CSVReader {
    private let bytes: [UInt8]
    private var position: Int
    /// The physical line `position` is on, counting every line break,
    /// including those inside quoted fields.
    private var line = 1
    /// Holds a quoted field while its doubled quotes are undone.
    private var scratch: [UInt8] = []
    /// The previous record's width: records usually share it, so reserving
    /// it spares regrowing each record's array.
    private var expectedWidth = 0

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Reads every record, stopping at the first error.
    public static func readAll(_ bytes: [UInt8]) throws(CSVError) -> [CSVRecord] {
        var reader = CSVReader(bytes: bytes)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    /// The next record, or `nil` at the end of the input. After an error
    /// the reader is left mid-record: stop reading, there is no resuming.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        let bytes = self.bytes
        return try bytes.withUnsafeBufferPointer { (buffer) throws(CSVError) -> CSVRecord? in try readRecord(buffer) }
    }

    private mutating func readRecord(_ input: UnsafeBufferPointer<UInt8>) throws(CSVError) -> CSVRecord? {
        guard position < input.count, !onlyLineBreaksRemain(input) else { return nil }
        let recordLine = line
        var fields: [String] = []
        fields.reserveCapacity(expectedWidth)
        while true {
            if input[position] == Self.quote {
                fields.append(try readQuotedField(input, recordLine: recordLine))
            } else {
                fields.append(try readUnquotedField(input, recordLine: recordLine))
            }
            guard position < input.count else { break }
            let delimiter = input[position]
            position += 1
            if delimiter == Self.comma {
                guard position < input.count else {
                    // A comma at the very end of the input leaves one last, empty field.
                    fields.append("")
                    break
                }
                continue
            }
            if delimiter == Self.cr && position < input.count && input[position] == Self.lf { position += 1 }
            line += 1
            break
        }
        expectedWidth = fields.count
        return CSVRecord(line: recordLine, fields: fields)
    }

    /// Reads up to, not including, the next comma, line break or end.
    private mutating func readUnquotedField(_ input: UnsafeBufferPointer<UInt8>, recordLine: Int) throws(CSVError)
        -> String
    {
        let start = position
        var allBits: UInt8 = 0
        while position < input.count {
            let byte = input[position]
            if byte == Self.comma || byte == Self.lf || byte == Self.cr { break }
            if byte == Self.quote {
                throw CSVError(
                    line: recordLine,
                    message: "quote inside an unquoted field: quote the whole field and double the quotes in it")
            }
            allBits |= byte
            position += 1
        }
        return try text(
            UnsafeBufferPointer(rebasing: input[start..<position]), isASCII: allBits < 0x80, recordLine: recordLine)
    }

    /// Reads from the opening quote at `position` through the closing quote,
    /// which must be followed by a delimiter or the end of the input.
    private mutating func readQuotedField(_ input: UnsafeBufferPointer<UInt8>, recordLine: Int) throws(CSVError)
        -> String
    {
        position += 1
        var runStart = position
        var unescaped = false
        var allBits: UInt8 = 0
        while true {
            guard position < input.count else { throw CSVError(line: recordLine, message: "unterminated quoted field") }
            let byte = input[position]
            if byte == Self.quote {
                guard position + 1 < input.count && input[position + 1] == Self.quote else { break }
                if !unescaped {
                    scratch.removeAll(keepingCapacity: true)
                    unescaped = true
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart...position]))
                position += 2
                runStart = position
            } else {
                if byte == Self.lf
                    || (byte == Self.cr && (position + 1 == input.count || input[position + 1] != Self.lf))
                {
                    line += 1
                }
                allBits |= byte
                position += 1
            }
        }
        let tail = UnsafeBufferPointer(rebasing: input[runStart..<position])
        position += 1
        if position < input.count {
            let next = input[position]
            guard next == Self.comma || next == Self.lf || next == Self.cr else {
                throw CSVError(line: recordLine, message: "unexpected character after a closing quote")
            }
        }
        let isASCII = allBits < 0x80
        guard unescaped else { return try text(tail, isASCII: isASCII, recordLine: recordLine) }
        scratch.append(contentsOf: tail)
        return try scratch.withUnsafeBufferPointer { (field) throws(CSVError) -> String in
            try text(field, isASCII: isASCII, recordLine: recordLine)
        }
    }

    /// ASCII, which the scan has already noticed for free, cannot be invalid
    /// UTF-8 and takes the fast conversion; only other text is validated
    /// (`String(validating:)` is several times slower).
    private func text(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool, recordLine: Int) throws(CSVError) -> String {
        if isASCII { return String(decoding: utf8, as: UTF8.self) }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw CSVError(line: recordLine, message: "invalid UTF-8")
        }
        return text
    }

    /// Blank lines at the end of a file are an artefact of editors and
    /// exports, not records.
    private func onlyLineBreaksRemain(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = position
        while index < input.count {
            guard input[index] == Self.lf || input[index] == Self.cr else { return false }
            index += 1
        }
        return true
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A
}
