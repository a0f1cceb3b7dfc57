import JSON
import SQLiteStore

/// The rules behind `/v1/people`: unique emails, an existing school, distinct
/// roles, and a partnership lead who keeps the `partnership_lead` role.
public struct PersonService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// A new person as the body described it; nil fields failed validation.
    public struct Draft: Sendable {
        public var name: String?
        public var email: String?
        public var schoolUrn: Int?
        public var roles: [PersonRole]

        public init(name: String?, email: String?, schoolUrn: Int?, roles: [PersonRole]) {
            self.name = name
            self.email = email
            self.schoolUrn = schoolUrn
            self.roles = roles
        }
    }

    /// A merge patch: nil leaves a field as it is (none of them may be cleared).
    public struct Changes: Sendable {
        public var name: String?
        public var email: String?
        public var schoolUrn: Int?
        public var roles: [PersonRole]?

        public init(name: String? = nil, email: String? = nil, schoolUrn: Int? = nil, roles: [PersonRole]? = nil) {
            self.name = name
            self.email = email
            self.schoolUrn = schoolUrn
            self.roles = roles
        }
    }

    public struct Filters: Sendable {
        public var schoolUrn: Int?
        public var role: PersonRole?
        /// A substring of the name, ignoring ASCII case.
        public var nameContains: String?

        public init(schoolUrn: Int? = nil, role: PersonRole? = nil, nameContains: String? = nil) {
            self.schoolUrn = schoolUrn
            self.role = role
            self.nameContains = nameContains
        }
    }

    /// People whose school the caller may see, by id.
    public func list(_ filters: Filters, _ page: PageRequest, visibility: Visibility) throws -> Page<Person> {
        var conditions = [visibility.schools("p.school_urn")]
        if let urn = filters.schoolUrn { conditions.append(SQLCondition("p.school_urn = ?", [urn])) }
        if let role = filters.role {
            conditions.append(
                SQLCondition("p.id IN (SELECT person_id FROM person_roles WHERE role = ?)", [role.rawValue]))
        }
        if let text = filters.nameContains {
            conditions.append(SQLCondition("instr(lower(p.name), lower(?)) > 0", [text]))
        }
        return try database.read { db in try Person.page(db, where: conditions, page) }
    }

    /// One person, or `404` when there is none the caller may see.
    public func person(id: Int, visibility: Visibility) throws -> Person {
        guard
            let person = try database.readStatement({
                try Person.find($0, id: id, where: visibility.schools("p.school_urn"))
            })
        else {
            throw Problem.notFound("No such person.")
        }
        return person
    }

    /// One write transaction and no reads on the way to success: the school's
    /// existence and the email's uniqueness are left to the schema's foreign
    /// key and unique index, whose verdicts `storing` translates.
    public func create(_ draft: Draft, invalid fieldErrors: [FieldError], by actor: Actor) throws -> Person {
        let now = clock.now()
        return try database.write { db in
            guard fieldErrors.isEmpty, let name = draft.name, let email = draft.email, let schoolUrn = draft.schoolUrn
            else { throw try Self.problem(fieldErrors, schoolUrn: draft.schoolUrn, db) }
            let id = try Self.storing(schoolUrn: schoolUrn, db) {
                try db.run(
                    "INSERT INTO people (name, email, school_urn, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    [name, email, schoolUrn, now.description, now.description])
                return Int(db.lastInsertRowID)
            }
            try Self.insertRoles(draft.roles, of: id, db)
            try ChangeLog.record(db, .person, id: id, .created, by: actor, at: now, before: .school(schoolUrn))
            return Person(id: id, name: name, email: email, schoolUrn: schoolUrn, roles: draft.roles, createdAt: now)
        }
    }

    /// Applies a merge patch. A patch that changes nothing leaves the version as it is.
    public func update(
        id: Int, _ changes: Changes, invalid fieldErrors: [FieldError], ifMatch checkVersion: (Int) throws -> Void,
        by actor: Actor
    ) throws -> Person {
        let now = clock.now()
        return try database.write { db in
            guard let current = try Person.find(db, id: id, where: .always) else {
                throw Problem.notFound("No such person.")
            }
            try checkVersion(current.version)
            guard fieldErrors.isEmpty else { throw try Self.problem(fieldErrors, schoolUrn: changes.schoolUrn, db) }
            var updated = current
            updated.name = changes.name ?? current.name
            updated.email = changes.email ?? current.email
            updated.schoolUrn = changes.schoolUrn ?? current.schoolUrn
            updated.roles = changes.roles ?? current.roles
            guard updated != current else { return current }
            if current.roles.contains(.partnershipLead), !updated.roles.contains(.partnershipLead),
                let led = try db.scalarInt("SELECT min(id) FROM partnerships WHERE lead_person_id = ?", [id])
            {
                throw Problem.conflict(
                    "This person leads partnership \(led); name another lead before removing the partnership_lead role."
                )
            }
            updated.version += 1
            updated.updatedAt = now
            try Self.storing(schoolUrn: updated.schoolUrn, db) {
                try db.run(
                    "UPDATE people SET name = ?, email = ?, school_urn = ?, version = ?, updated_at = ? WHERE id = ?",
                    [updated.name, updated.email, updated.schoolUrn, updated.version, now.description, id])
            }
            if updated.roles != current.roles {
                try db.run("DELETE FROM person_roles WHERE person_id = ?", [id])
                try Self.insertRoles(updated.roles, of: id, db)
            }
            try ChangeLog.record(
                db, .person, id: id, .updated, by: actor, at: now, before: .school(current.schoolUrn))
            return updated
        }
    }

    private static func insertRoles(_ roles: [PersonRole], of id: Int, _ db: Connection) throws {
        for role in roles {
            try db.run("INSERT INTO person_roles (person_id, role) VALUES (?, ?)", [id, role.rawValue])
        }
    }

    /// Turns the schema's verdicts on a person row into the API's: a missing
    /// school is `422` on `schoolUrn` (even when the email is also taken), a
    /// taken email `409`. Only on this failure path is the school looked up.
    @discardableResult
    private static func storing<T>(schoolUrn: Int, _ db: Connection, _ write: () throws -> T) throws -> T {
        do {
            return try write()
        } catch let error as SQLiteError where error.isForeignKeyViolation || error.isUniqueViolation {
            let schoolErrors = try missingSchool(schoolUrn, db)
            if !schoolErrors.isEmpty { throw Problem.invalid(schoolErrors) }
            guard error.isUniqueViolation else { throw error }
            throw Problem.conflict("Another person already has this email address (emails are unique, ignoring case).")
        }
    }

    /// The body's problems plus a missing school, so one `422` lists them all.
    private static func problem(_ errors: [FieldError], schoolUrn: Int?, _ db: Connection) throws -> Problem {
        Problem.invalid(errors + (try schoolUrn.map { try missingSchool($0, db) } ?? []))
    }

    private static func missingSchool(_ urn: Int, _ db: Connection) throws -> [FieldError] {
        guard try db.scalarInt("SELECT count(*) FROM schools WHERE urn = ?", [urn]) == 0 else { return [] }
        return [FieldError(field: "schoolUrn", message: "names no school (URN \(urn))")]
    }
}
