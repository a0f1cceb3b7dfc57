import JSON
import SQLiteStore

/// The rules behind `/v1/schools`: URNs are unique, a trust or predecessor
/// named must exist, predecessor links never form a cycle, and a school
/// still referred to is not deleted.
public struct SchoolService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The writable fields, as a merge patch: nil leaves a field as it is,
    /// `.some(nil)` clears a nullable one. A new school needs the non-nullable ones.
    public struct Fields: Sendable {
        public var name: String?
        public var phase: Phase?
        public var type: String?
        public var localAuthority: String?
        public var region: Region?
        public var trustID: Int??
        public var predecessorUrn: Int??
        public var pupils: Int??
        public var postcode: String??

        public init(
            name: String? = nil, phase: Phase? = nil, type: String? = nil, localAuthority: String? = nil,
            region: Region? = nil, trustID: Int?? = nil, predecessorUrn: Int?? = nil, pupils: Int?? = nil,
            postcode: String?? = nil
        ) {
            self.name = name
            self.phase = phase
            self.type = type
            self.localAuthority = localAuthority
            self.region = region
            self.trustID = trustID
            self.predecessorUrn = predecessorUrn
            self.pupils = pupils
            self.postcode = postcode
        }
    }

    public struct Filters: Sendable {
        public var phase: Phase?
        public var region: Region?
        /// The GIAS name, ignoring ASCII case.
        public var localAuthority: String?
        public var trustID: Int?
        /// Active members of this partnership.
        public var partnershipID: Int?
        /// A substring of the name, ignoring ASCII case.
        public var nameContains: String?
        public var ofstedGrade: Int?

        public init(
            phase: Phase? = nil, region: Region? = nil, localAuthority: String? = nil, trustID: Int? = nil,
            partnershipID: Int? = nil, nameContains: String? = nil, ofstedGrade: Int? = nil
        ) {
            self.phase = phase
            self.region = region
            self.localAuthority = localAuthority
            self.trustID = trustID
            self.partnershipID = partnershipID
            self.nameContains = nameContains
            self.ofstedGrade = ofstedGrade
        }
    }

    /// Schools the caller may see, by URN. Each filter has an index led by
    /// its column and ending in `urn`, so a page costs the same at any size.
    public func list(_ filters: Filters, _ page: PageRequest, visibility: Visibility) throws -> Page<School> {
        var conditions = [visibility.schools("s.urn")]
        if let phase = filters.phase { conditions.append(SQLCondition("s.phase = ?", [phase.rawValue])) }
        if let region = filters.region { conditions.append(SQLCondition("s.region = ?", [region.rawValue])) }
        if let authority = filters.localAuthority {
            conditions.append(SQLCondition("s.local_authority = ? COLLATE NOCASE", [authority]))
        }
        if let trust = filters.trustID { conditions.append(SQLCondition("s.trust_id = ?", [trust])) }
        if let partnership = filters.partnershipID {
            conditions.append(
                SQLCondition(
                    "s.urn IN (SELECT urn FROM memberships WHERE partnership_id = ? AND left_on IS NULL)", [partnership]
                ))
        }
        if let text = filters.nameContains {
            conditions.append(SQLCondition("instr(lower(s.name), lower(?)) > 0", [text]))
        }
        if let grade = filters.ofstedGrade { conditions.append(SQLCondition("s.ofsted_grade = ?", [grade])) }
        return try database.read { db in try School.page(db, where: conditions, page) }
    }

    /// One school, or `404` when there is none the caller may see.
    public func school(urn: Int, visibility: Visibility) throws -> School {
        let found = try database.readStatement { try School.find($0, id: urn, where: visibility.schools("s.urn")) }
        guard let school = found else { throw Self.notFound }
        return school
    }

    /// `fieldErrors` are the body's own problems; they are reported together
    /// with the ones only the register can tell (a missing trust or
    /// predecessor) before a taken URN is (`409`).
    public func create(urn: Int?, _ fields: Fields, invalid fieldErrors: [FieldError], by actor: Actor) throws -> School
    {
        let now = clock.now()
        return try database.write { db in
            let errors = try fieldErrors + Self.referenceProblems(urn: urn, fields, db)
            guard errors.isEmpty, let urn, let name = fields.name, let phase = fields.phase, let type = fields.type,
                let localAuthority = fields.localAuthority, let region = fields.region
            else { throw Problem.invalid(errors) }
            if try db.scalarInt("SELECT count(*) FROM schools WHERE urn = ?", [urn]) == 1 {
                throw Problem.conflict("A school with URN \(urn) already exists.")
            }
            let school = School(
                urn: urn, name: name, phase: phase, type: type, localAuthority: localAuthority, region: region,
                trustID: fields.trustID ?? nil, predecessorUrn: fields.predecessorUrn ?? nil,
                pupils: fields.pupils ?? nil, postcode: fields.postcode ?? nil, createdAt: now)
            try db.run(
                """
                INSERT INTO schools (urn, name, phase, type, local_authority, region, trust_id, predecessor_urn, pupils,
                                     postcode, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    urn, name, phase.rawValue, type, localAuthority, region.rawValue, school.trustID,
                    school.predecessorUrn, school.pupils, school.postcode, now.description, now.description,
                ])
            try ChangeLog.record(db, .school, id: urn, .created, by: actor, at: now)
            try TrustService.schoolCountChanged(db, trusts: [school.trustID], by: actor, at: now)
            return school
        }
    }

    /// Applies a merge patch. A patch that changes nothing leaves the version as it is.
    public func update(
        urn: Int, _ fields: Fields, invalid fieldErrors: [FieldError], ifMatch checkVersion: (Int) throws -> Void,
        by actor: Actor
    ) throws -> School {
        let now = clock.now()
        return try database.write { db in
            guard let current = try School.find(db, id: urn, where: .always) else {
                throw Self.notFound
            }
            try checkVersion(current.version)
            var updated = current
            updated.name = fields.name ?? current.name
            updated.phase = fields.phase ?? current.phase
            updated.type = fields.type ?? current.type
            updated.localAuthority = fields.localAuthority ?? current.localAuthority
            updated.region = fields.region ?? current.region
            updated.trustID = fields.trustID ?? current.trustID
            updated.predecessorUrn = fields.predecessorUrn ?? current.predecessorUrn
            updated.pupils = fields.pupils ?? current.pupils
            updated.postcode = fields.postcode ?? current.postcode
            // Only references that change are checked: a school keeps the links it has.
            let changedReferences = Fields(
                trustID: updated.trustID != current.trustID ? updated.trustID : nil,
                predecessorUrn: updated.predecessorUrn != current.predecessorUrn ? updated.predecessorUrn : nil)
            let errors = try fieldErrors + Self.referenceProblems(urn: urn, changedReferences, db)
            guard errors.isEmpty else { throw Problem.invalid(errors) }
            guard updated != current else { return current }
            updated.version += 1
            updated.updatedAt = now
            try db.run(
                """
                UPDATE schools SET name = ?, phase = ?, type = ?, local_authority = ?, region = ?, trust_id = ?,
                    predecessor_urn = ?, pupils = ?, postcode = ?, version = ?, updated_at = ?
                WHERE urn = ?
                """,
                [
                    updated.name, updated.phase.rawValue, updated.type, updated.localAuthority, updated.region.rawValue,
                    updated.trustID, updated.predecessorUrn, updated.pupils, updated.postcode, updated.version,
                    now.description, urn,
                ])
            try ChangeLog.record(db, .school, id: urn, .updated, by: actor, at: now, before: .trust(current.trustID))
            if updated.name != current.name { try MembershipService.schoolRenamed(db, urn: urn, by: actor, at: now) }
            if updated.trustID != current.trustID {
                try TrustService.schoolCountChanged(db, trusts: [current.trustID, updated.trustID], by: actor, at: now)
            }
            return updated
        }
    }

    /// Deletes a school nothing refers to; otherwise `409` naming what does.
    public func delete(urn: Int, ifMatch checkVersion: (Int) throws -> Void, by actor: Actor) throws {
        let now = clock.now()
        try database.write { db in
            guard let current = try School.find(db, id: urn, where: .always) else {
                throw Self.notFound
            }
            try checkVersion(current.version)
            let references = try Self.references.compactMap { reference -> String? in
                let count =
                    try db.scalarInt(
                        "SELECT count(*) FROM \(reference.table) WHERE \(reference.column) = ?", [urn]) ?? 0
                return count == 0 ? nil : "\(count) \(count == 1 ? reference.one : reference.many)"
            }
            guard references.isEmpty else {
                throw Problem.conflict(
                    "School \(urn) is still referred to by \(references.joined(separator: ", ")); "
                        + "remove or re-point those first.")
            }
            try db.run("DELETE FROM schools WHERE urn = ?", [urn])
            try ChangeLog.record(db, .school, id: urn, .deleted, by: actor, at: now, before: .trust(current.trustID))
            try TrustService.schoolCountChanged(db, trusts: [current.trustID], by: actor, at: now)
        }
    }

    static let notFound = Problem.notFound("No such school.")

    /// Rows that refer to a school, so deleting it would orphan them. An area
    /// that adds such a table adds it here; the schema's foreign keys stay as
    /// the backstop (a bare `409`).
    static let references: [(table: String, column: String, one: String, many: String)] = [
        ("people", "school_urn", "person", "people"),
        ("memberships", "urn", "partnership membership (past or present)", "partnership memberships (past or present)"),
        ("schools", "predecessor_urn", "successor school", "successor schools"),
        ("inspections", "urn", "inspection", "inspections"),
        ("reviews", "host_urn", "peer review", "peer reviews"),
    ]

    /// A trust or predecessor the fields name must exist, and a predecessor
    /// may be neither the school itself nor one of its successors (a cycle).
    private static func referenceProblems(urn: Int?, _ fields: Fields, _ db: Connection) throws -> [FieldError] {
        var errors: [FieldError] = []
        if let trust = fields.trustID ?? nil, try db.scalarInt("SELECT count(*) FROM trusts WHERE id = ?", [trust]) == 0
        {
            errors.append(FieldError(field: "trustId", message: "names no trust (id \(trust))"))
        }
        guard let predecessor = fields.predecessorUrn ?? nil else { return errors }
        if predecessor == urn {
            errors.append(FieldError(field: "predecessorUrn", message: "cannot be the school itself"))
        } else if try db.scalarInt("SELECT count(*) FROM schools WHERE urn = ?", [predecessor]) == 0 {
            errors.append(FieldError(field: "predecessorUrn", message: "names no school (URN \(predecessor))"))
        } else if let urn, try descends(predecessor, from: urn, db) {
            errors.append(
                FieldError(
                    field: "predecessorUrn",
                    message: "would form a cycle: school \(predecessor) already follows school \(urn)"))
        }
        return errors
    }

    /// Whether `urn` is reached by walking back from `school` along its
    /// predecessor links. `UNION` (not `UNION ALL`) stops on a cycle already there.
    private static func descends(_ school: Int, from urn: Int, _ db: Connection) throws -> Bool {
        try db.scalarInt(
            """
            WITH RECURSIVE chain(urn) AS (
                SELECT ? UNION SELECT s.predecessor_urn FROM schools s JOIN chain c ON s.urn = c.urn
                WHERE s.predecessor_urn IS NOT NULL)
            SELECT EXISTS (SELECT 1 FROM chain WHERE urn = ?)
            """, [school, urn]) == 1
    }
}
