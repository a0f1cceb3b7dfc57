/// Writes RFC 4180 CSV: the `Accept: text/csv` form of every list.
///
/// Lines end in CRLF, as the RFC and spreadsheets expect. A field is quoted
/// only when it must be: when it contains a comma, quote, CR or LF, or
/// starts or ends with a space (which some readers would trim); quotes
/// inside are doubled. The one other quoted case is a row of a single empty
/// field, written `""` so that it cannot be read back as a blank line.
///
/// Data is written exactly as given. In particular, fields starting with
/// `=`, `+`, `-` or `@` are not altered to defuse spreadsheet formulas: that
/// would corrupt legitimate values (negative numbers, names), and the export
/// is a data interchange format, not a document for opening blindly.
public struct CSVWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends one record. A row with no fields is written as an empty line,
    /// which reads back as a row of one empty field.
    public mutating func writeRow(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            var field = field
            field.withUTF8 { append($0, forceQuotes: fields.count == 1) }
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    private mutating func append(_ utf8: UnsafeBufferPointer<UInt8>, forceQuotes: Bool) {
        guard (forceQuotes && utf8.isEmpty) || needsQuotes(utf8) else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in utf8.indices where utf8[index] == UInt8(ascii: "\"") {
            // The run includes this quote; appending another one doubles it.
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...index]))
            bytes.append(UInt8(ascii: "\""))
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }

    private func needsQuotes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return true }
        return utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0D || byte == 0x0A
        }
    }
}
