import JSON
import SQLiteStore

/// The rules behind `/v1/partnerships`: new partnerships start forming and
/// building, the lead must hold the `partnership_lead` role, and what a key
/// sees follows its scope.
public struct PartnershipService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// A new partnership as the body described it; nil fields failed validation.
    public struct Draft: Sendable {
        public var name: String?
        public var cohort: Int?
        public var region: Region?
        public var leadPersonID: Int?

        public init(name: String?, cohort: Int?, region: Region?, leadPersonID: Int?) {
            self.name = name
            self.cohort = cohort
            self.region = region
            self.leadPersonID = leadPersonID
        }
    }

    /// A merge patch: nil leaves a field as it is; `.some(nil)` clears a nullable one.
    public struct Changes: Sendable {
        public var name: String?
        public var cohort: Int?
        public var region: Region??
        public var status: PartnershipStatus?
        public var maturity: PartnershipMaturity?
        public var leadPersonID: Int??

        public init(
            name: String? = nil, cohort: Int? = nil, region: Region?? = nil, status: PartnershipStatus? = nil,
            maturity: PartnershipMaturity? = nil, leadPersonID: Int?? = nil
        ) {
            self.name = name
            self.cohort = cohort
            self.region = region
            self.status = status
            self.maturity = maturity
            self.leadPersonID = leadPersonID
        }
    }

    public struct Filters: Sendable {
        public var cohort: Int?
        public var status: PartnershipStatus?
        public var region: Region?
        /// Partnerships this school is an active member of.
        public var memberUrn: Int?

        public init(
            cohort: Int? = nil, status: PartnershipStatus? = nil, region: Region? = nil, memberUrn: Int? = nil
        ) {
            self.cohort = cohort
            self.status = status
            self.region = region
            self.memberUrn = memberUrn
        }
    }

    /// Partnerships the caller may see, by id.
    public func list(_ filters: Filters, _ page: PageRequest, visibility: Visibility) throws -> Page<Partnership> {
        var conditions = [visibility.partnerships("p.id")]
        if let cohort = filters.cohort { conditions.append(SQLCondition("p.cohort = ?", [cohort])) }
        if let status = filters.status { conditions.append(SQLCondition("p.status = ?", [status.rawValue])) }
        if let region = filters.region { conditions.append(SQLCondition("p.region = ?", [region.rawValue])) }
        if let urn = filters.memberUrn {
            conditions.append(
                SQLCondition(
                    "p.id IN (SELECT partnership_id FROM memberships WHERE urn = ? AND left_on IS NULL)", [urn]))
        }
        return try database.read { db in try Partnership.page(db, where: conditions, page) }
    }

    /// One partnership, or `404` when there is none the caller may see.
    public func partnership(id: Int, visibility: Visibility) throws -> Partnership {
        guard
            let partnership = try database.read({
                try Partnership.find($0, id: id, where: visibility.partnerships("p.id"))
            })
        else {
            throw Problem.notFound("No such partnership.")
        }
        return partnership
    }

    public func create(_ draft: Draft, invalid fieldErrors: [FieldError], by actor: Actor) throws -> Partnership {
        let now = clock.now()
        return try database.write { db in
            let errors = fieldErrors + (try draft.leadPersonID.map { try Self.leadProblems($0, db) } ?? [])
            guard errors.isEmpty, let name = draft.name, let cohort = draft.cohort else {
                throw Problem.invalid(errors)
            }
            try db.run(
                "INSERT INTO partnerships (name, cohort, region, lead_person_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [name, cohort, draft.region?.rawValue, draft.leadPersonID, now.description, now.description])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .partnership, id: id, .created, by: actor, at: now)
            return Partnership(
                id: id, name: name, cohort: cohort, region: draft.region, leadPersonID: draft.leadPersonID,
                createdAt: now)
        }
    }

    /// Applies a merge patch. A patch that changes nothing leaves the version as it is.
    public func update(
        id: Int, _ changes: Changes, invalid fieldErrors: [FieldError], ifMatch checkVersion: (Int) throws -> Void,
        by actor: Actor
    ) throws -> Partnership {
        let now = clock.now()
        return try database.write { db in
            guard let current = try Partnership.find(db, id: id, where: .always) else {
                throw Problem.notFound("No such partnership.")
            }
            try checkVersion(current.version)
            var updated = current
            updated.name = changes.name ?? current.name
            updated.cohort = changes.cohort ?? current.cohort
            updated.region = changes.region ?? current.region
            updated.status = changes.status ?? current.status
            updated.maturity = changes.maturity ?? current.maturity
            updated.leadPersonID = changes.leadPersonID ?? current.leadPersonID
            var errors = fieldErrors
            if let lead = updated.leadPersonID, lead != current.leadPersonID {
                errors += try Self.leadProblems(lead, db)
            }
            guard errors.isEmpty else { throw Problem.invalid(errors) }
            guard updated != current else { return current }
            updated.version += 1
            updated.updatedAt = now
            try db.run(
                """
                UPDATE partnerships SET name = ?, cohort = ?, region = ?, status = ?, maturity = ?, lead_person_id = ?,
                    version = ?, updated_at = ? WHERE id = ?
                """,
                [
                    updated.name, updated.cohort, updated.region?.rawValue, updated.status.rawValue,
                    updated.maturity.rawValue, updated.leadPersonID, updated.version, now.description, id,
                ])
            try ChangeLog.record(db, .partnership, id: id, .updated, by: actor, at: now)
            return updated
        }
    }

    /// CONTRACT §3: the lead is an existing person holding the `partnership_lead` role.
    private static func leadProblems(_ personID: Int, _ db: Connection) throws -> [FieldError] {
        let found = try db.fetchOne(
            """
            SELECT EXISTS (SELECT 1 FROM person_roles WHERE person_id = p.id AND role = 'partnership_lead')
            FROM people p WHERE p.id = ?
            """, [personID]
        ) { $0.int(0) == 1 }
        switch found {
        case nil: return [FieldError(field: "leadPersonId", message: "names no person (id \(personID))")]
        case false?:
            return [FieldError(field: "leadPersonId", message: "must be a person with the partnership_lead role")]
        case true?: return []
        }
    }
}
