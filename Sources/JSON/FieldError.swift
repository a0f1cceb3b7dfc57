/// One problem with one field of a request body, as listed in a `422`.
public struct FieldError: Sendable, Equatable, CustomStringConvertible {
    /// The field's full name, e.g. `team[0].name`.
    public let field: String
    /// Reads after the field name: "is required", "must be a string".
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field) \(message)" }
}
