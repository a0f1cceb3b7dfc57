/// Reads a route's query parameters so that one `422` names every bad one,
/// not just the first.
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

    /// Inclusive `from` and `to` dates (CONTRACT §1). A `to` before `from`
    /// asks for nothing, surely by mistake: refused like any bad filter.
    mutating func dateRange() throws -> (from: CivilDate?, to: CivilDate?) {
        let from = try read { try $0.queryDate("from") }
        let to = try read { try $0.queryDate("to") }
        if let from, let to, to < from {
            issues.append(Problem.Issue(field: "to", message: "is before from (\(from))"))
        }
        return (from, to)
    }

    /// Throws if anything was refused.
    func finish() throws {
        guard issues.isEmpty else { throw Problem.invalid(issues) }
    }

    /// For a list: checks its `limit` and `cursor` too (the list reads them
    /// again itself), then throws if anything was refused.
    mutating func finishList() throws {
        _ = try read { try PageRequest($0) }
        try finish()
    }
}
