import SQLiteStore

/// Imports the DfE GIAS extract (CONTRACT §3, `POST /v1/schools/import` and
/// `spp import-schools`): schools and trusts upserted in one transaction, or
/// nothing written at all when any row is bad.
public struct SchoolImportService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// `422` listing every bad row (line, column, message) when the file has
    /// any; a dry run counts what would change and writes nothing.
    public func importExtract(_ csv: [UInt8], dryRun: Bool, by actor: Actor) throws -> ImportSummary {
        let extract = GIASExtract(csv: csv)
        guard extract.issues.isEmpty else {
            let lines = Set(extract.issues.compactMap(\.line)).count
            let which = lines == 1 ? "1 line of the file has" : "\(lines) lines of the file have"
            throw Problem.invalid(extract.issues, detail: "\(which) problems; nothing was imported.")
        }
        if dryRun {
            var summary = try database.read { db in try SchoolImport(extract.rows, db).summary }
            summary.dryRun = true
            return summary
        }
        let now = clock.now()
        return try database.write { db in
            let plan = try SchoolImport(extract.rows, db)
            try plan.apply(db, by: actor, at: now)
            return plan.summary
        }
    }
}
