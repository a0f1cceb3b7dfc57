/// Why a CSV file could not be read, and at which record.
public struct CSVError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The physical line (1-based) where the offending record starts: the
    /// same numbering import errors use for bad values, so one line number
    /// means one thing to the person fixing the file.
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
