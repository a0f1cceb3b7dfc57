/// Reads a list's query filters so that one `422` names every bad parameter
/// (and a bad `limit` or `cursor` with them), not just the first.
struct QueryFilters {
    private let context: RequestContext
    private var issues: [Problem.Issue] = []

    init(_ context: RequestContext) { self.context = context }

    /// The filter `read` returns, or nil after noting why it was refused.
    mutating func read<T>(_ read: (RequestContext) throws -> T?) throws -> T? {
        do {
            return try read(context)
        } catch let problem as Problem where problem.status == .unprocessableContent {
            issues += problem.errors
            return nil
        }
    }

    /// Checks the page parameters too, then throws if anything was refused.
    mutating func finish() throws {
        _ = try read { try PageRequest($0) }
        guard issues.isEmpty else { throw Problem.invalid(issues) }
    }
}
