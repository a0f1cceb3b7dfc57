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
        try database.readStatement { try Self.nationalRate(year, $0) }
    }

    private static func nationalRate(_ year: Int, _ db: Connection) throws -> NationalRate {
        let found = try db.fetchOne(
            "SELECT \(NationalRate.columns) FROM national_rates WHERE year = ?", [year], NationalRate.init(row:))
        guard let found else { throw Problem.notFound("No national rate for \(year).") }
        return found
    }

    /// Replaces the year's figures (or enters them); the version moves only when something changed.
    public func putNationalRate(
        year: Int, improvedRate: Double?, declinedRate: Double?, source: String, definition: String,
        ifMatch checkVersion: (Int?) throws -> Void, by actor: Actor
    ) throws -> NationalRate {
        let at = clock.now()
        let now = at.description
        return try database.write { db in
            let existing = try db.scalarInt("SELECT version FROM national_rates WHERE year = ?", [year])
            try checkVersion(existing)
            let changed = try db.run(
                """
                INSERT INTO national_rates (year, improved_rate, declined_rate, source, definition, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (year) DO UPDATE SET improved_rate = excluded.improved_rate,
                    declined_rate = excluded.declined_rate, source = excluded.source,
                    definition = excluded.definition, version = version + 1, updated_at = excluded.updated_at
                WHERE (improved_rate, declined_rate, source, definition)
                    IS NOT (excluded.improved_rate, excluded.declined_rate, excluded.source, excluded.definition)
                """, [year, improvedRate, declinedRate, source, definition, now, now])
            if changed == 1 {
                try ChangeLog.record(
                    db, .nationalRate, id: year, existing == nil ? .created : .updated, by: actor, at: at)
            }
            return try Self.nationalRate(year, db)
        }
    }

    public struct Filters: Sendable {
        /// The cohort of the first partnership each school joined.
        public var cohort: Int?
        /// Schools that have been members of this partnership (or whose
        /// predecessors or successors have).
        public var partnershipID: Int?
        public var region: Region?
    }

    /// Baseline: a school's latest overall grade on or before it first joined
    /// a partnership; follow-up: its first overall grade after that (CONTRACT
    /// §3). A school and the schools it replaced or that replaced it
    /// (`SchoolLineage`) are one school here: their memberships and
    /// inspections count together, and the lineage is counted once, through
    /// its latest selected school.
    public func ofsted(_ filters: Filters, visibility: Visibility) throws -> OfstedOutcome {
        var conditions = [visibility.schools("s.urn"), SQLCondition("s.urn IN (SELECT urn FROM memberships)")]
        if let region = filters.region { conditions.append(SQLCondition("s.region = ?", [region.rawValue])) }
        let selection = SQLCondition(all: conditions)
        return try database.read { db in
            let lineage = try SchoolLineage(db)
            let joins = try Dictionary(
                grouping: db.fetch(
                    """
                    SELECT m.urn, m.joined_on, m.id, m.partnership_id, p.cohort
                    FROM memberships m JOIN partnerships p ON p.id = m.partnership_id
                    """, [], Join.init(row:)), by: \.urn)
            let selected = Set(
                try db.fetch("SELECT s.urn FROM schools s WHERE \(selection.sql)", selection.bindings) { $0.int(0) })
            var counted: [(family: [Int], joinedOn: CivilDate)] = []
            for urn in selected.sorted() {
                let descendants = lineage.descendants(of: urn)
                guard descendants.isDisjoint(with: selected) else { continue }
                let family = lineage.ancestors(of: urn) + [urn] + descendants.sorted()
                let familyJoins = family.flatMap { joins[$0] ?? [] }
                guard let first = familyJoins.min(by: { ($0.joinedOn, $0.id) < ($1.joinedOn, $1.id) }) else { continue }
                if let cohort = filters.cohort, first.cohort != cohort { continue }
                if let partnership = filters.partnershipID,
                    !familyJoins.contains(where: { $0.partnershipID == partnership })
                {
                    continue
                }
                counted.append((family, first.joinedOn))
            }
            let familyURNs = Set(counted.flatMap(\.family)).sorted().map(String.init).joined(separator: ",")
            let grades = try Dictionary(
                grouping: db.fetch(
                    """
                    SELECT urn, inspected_on, id, overall_grade FROM inspections
                    WHERE overall_grade IS NOT NULL AND urn IN (SELECT value FROM json_each(?))
                    ORDER BY inspected_on, id
                    """, ["[\(familyURNs)]"], Grade.init(row:)), by: \.urn)
            var outcome = OfstedOutcome(
                schools: 0, withBaselineAndFollowUp: 0, improved: 0, unchanged: 0, declined: 0,
                nationalImprovedRate: try filters.cohort.flatMap {
                    try db.fetchOne("SELECT improved_rate FROM national_rates WHERE year = ?", [$0]) {
                        $0.optionalDouble(0)
                    } ?? nil
                })
            for school in counted {
                let history = school.family.flatMap { grades[$0] ?? [] }.sorted { ($0.on, $0.id) < ($1.on, $1.id) }
                outcome.count(
                    baseline: history.last { $0.on <= school.joinedOn }?.grade,
                    followUp: history.first { $0.on > school.joinedOn }?.grade)
            }
            return outcome
        }
    }

    private struct Join {
        var urn: Int
        var joinedOn: CivilDate
        var id: Int
        var partnershipID: Int
        var cohort: Int

        init(row: Row) {
            urn = row.int(0)
            joinedOn = row.date(1)
            id = row.int(2)
            partnershipID = row.int(3)
            cohort = row.int(4)
        }
    }

    private struct Grade {
        var urn: Int
        var on: CivilDate
        var id: Int
        var grade: Int

        init(row: Row) {
            urn = row.int(0)
            on = row.date(1)
            id = row.int(2)
            grade = row.int(3)
        }
    }
}
