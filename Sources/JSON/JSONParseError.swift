/// Why and where a JSON text was rejected.
///
/// The position is given three ways: `offset` for programs, `line` and
/// `column` (both 1-based) for the people who have to fix the text. `column`
/// counts Unicode scalars, not bytes, so it matches what an editor shows.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    public let message: String
    /// Byte offset of the first byte that made the text invalid.
    public let offset: Int
    public let line: Int
    public let column: Int

    /// Works out line and column only now: errors are rare, so the scan costs
    /// nothing on the successful path.
    init(message: String, offset: Int, in input: UnsafeBufferPointer<UInt8>) {
        self.message = message
        self.offset = offset
        var line = 1
        var column = 1
        for byte in input[..<min(offset, input.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.line = line
        self.column = column
    }

    public var description: String {
        "\(message) at line \(line), column \(column) (byte \(offset))"
    }
}
