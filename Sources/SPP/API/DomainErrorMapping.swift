import SQLiteStore

/// Store errors that are the client's doing, mapped to their status. Services
/// check their rules first; this catches what only the schema could see, such
/// as two concurrent inserts of the same unique value.
enum DomainErrorMapping {
    static func problem(for error: any Error) -> Problem? {
        guard let error = error as? SQLiteError else { return nil }
        if error.isUniqueViolation { return .conflict("A resource with the same unique value already exists.") }
        if error.isForeignKeyViolation { return .conflict("The change conflicts with resources that refer to it.") }
        if error.isBusy { return Problem(.serviceUnavailable, "The database is busy; retry shortly.") }
        return nil
    }
}
