import SQLiteStore

/// The outcome figures: national comparison rates, and how partnership
/// schools' Ofsted grades moved after they joined.
public struct OutcomeService: Sendable {
    private let database: Database
    private let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    public func nationalRate(year: Int) throws -> NationalRate {
        let found = try database.readStatement {
            try $0.fetchOne(
                "SELECT \(NationalRate.columns) FROM national_rates WHERE year = ?", [year], NationalRate.init(row:))
        }
        guard let found else { throw Problem.notFound("No national rate for \(year).") }
        return found
    }

    /// Replaces the year's figures (or enters them); the version moves only when something changed.
    public func putNationalRate(
        year: Int, improvedRate: Double, declinedRate: Double?, source: String, definition: String?
    ) throws -> NationalRate {
        let now = clock.now().description
        return try database.write { db in
            try db.run(
                """
                INSERT INTO national_rates (year, improved_rate, declined_rate, source, definition, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (year) DO UPDATE SET improved_rate = excluded.improved_rate,
                    declined_rate = excluded.declined_rate, source = excluded.source,
                    definition = excluded.definition, version = version + 1, updated_at = excluded.updated_at
                WHERE (improved_rate, declined_rate, source, definition)
                    IS NOT (excluded.improved_rate, excluded.declined_rate, excluded.source, excluded.definition)
                """, [year, improvedRate, declinedRate, source, definition, now, now])
            let stored = try db.fetchOne(
                "SELECT \(NationalRate.columns) FROM national_rates WHERE year = ?", [year], NationalRate.init(row:))
            guard let stored else { throw Problem.notFound("No national rate for \(year).") }
            return stored
        }
    }

    public struct Filters: Sendable {
        /// The cohort of the first partnership each school joined.
        public var cohort: Int?
        /// Schools that have been members of this partnership.
        public var partnershipID: Int?
        public var region: Region?
    }

    /// Baseline: a school's latest overall grade on or before it first joined
    /// a partnership; follow-up: its first overall grade after that. Both
    /// follow `predecessorUrn` links either way, so a school that converted
    /// keeps the history of the one it replaced (CONTRACT §3).
    public func ofsted(_ filters: Filters, visibility: Visibility) throws -> OfstedOutcome {
        var conditions = [visibility.schools("s.urn")]
        if let cohort = filters.cohort { conditions.append(SQLCondition("f.cohort = ?", [cohort])) }
        if let region = filters.region { conditions.append(SQLCondition("s.region = ?", [region.rawValue])) }
        if let partnership = filters.partnershipID {
            conditions.append(
                SQLCondition(
                    "EXISTS (SELECT 1 FROM memberships m WHERE m.urn = s.urn AND m.partnership_id = ?)", [partnership]))
        }
        let selected = SQLCondition(all: conditions)
        return try database.read { db in
            var outcome = OfstedOutcome(
                schools: 0, withBaselineAndFollowUp: 0, improved: 0, unchanged: 0, declined: 0,
                nationalImprovedRate: try filters.cohort.flatMap {
                    try db.fetchOne("SELECT improved_rate FROM national_rates WHERE year = ?", [$0]) { $0.double(0) }
                })
            let grades = try db.fetch(
                """
                WITH RECURSIVE
                firsts (urn, joined_on, cohort) AS (
                    SELECT m.urn, m.joined_on, p.cohort FROM memberships m JOIN partnerships p ON p.id = m.partnership_id
                    WHERE m.id = (SELECT m2.id FROM memberships m2 WHERE m2.urn = m.urn ORDER BY m2.joined_on, m2.id LIMIT 1)
                ),
                picked (urn, joined_on) AS (
                    SELECT s.urn, f.joined_on FROM schools s JOIN firsts f ON f.urn = s.urn WHERE \(selected.sql)
                ),
                chain (root, urn) AS (
                    SELECT urn, urn FROM picked
                    UNION
                    SELECT c.root, s.predecessor_urn FROM chain c JOIN schools s ON s.urn = c.urn
                    WHERE s.predecessor_urn IS NOT NULL
                    UNION
                    SELECT c.root, s.urn FROM chain c JOIN schools s ON s.predecessor_urn = c.urn
                )
                SELECT
                    (SELECT i.overall_grade FROM chain c JOIN inspections i ON i.urn = c.urn
                     WHERE c.root = picked.urn AND i.overall_grade IS NOT NULL AND i.inspected_on <= picked.joined_on
                     ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1),
                    (SELECT i.overall_grade FROM chain c JOIN inspections i ON i.urn = c.urn
                     WHERE c.root = picked.urn AND i.overall_grade IS NOT NULL AND i.inspected_on > picked.joined_on
                     ORDER BY i.inspected_on, i.id LIMIT 1)
                FROM picked
                """, selected.bindings
            ) { ($0.optionalInt(0), $0.optionalInt(1)) }
            for (baseline, followUp) in grades { outcome.count(baseline: baseline, followUp: followUp) }
            return outcome
        }
    }
}
