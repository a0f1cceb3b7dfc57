import JSON
import SQLiteStore

/// The rules behind `/v1/trusts`: GIAS codes are unique, and what a key sees
/// follows its scope (a trust key its own trust, a partnership key the trusts
/// of its member schools).
public struct TrustService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The writable fields, as a merge patch: nil leaves a field as it is,
    /// `.some(nil)` clears a nullable one. A new trust needs a name.
    public struct Fields: Sendable {
        public var name: String?
        public var giasCode: String??
        public var companiesHouseNumber: String??

        public init(name: String? = nil, giasCode: String?? = nil, companiesHouseNumber: String?? = nil) {
            self.name = name
            self.giasCode = giasCode
            self.companiesHouseNumber = companiesHouseNumber
        }
    }

    /// Trusts the caller may see, by id.
    public func list(_ page: PageRequest, visibility: Visibility) throws -> Page<Trust> {
        try database.read { db in try Trust.page(db, where: [visibility.trusts("t.id")], page) }
    }

    /// One trust, or `404` when there is none the caller may see.
    public func trust(id: Int, visibility: Visibility) throws -> Trust {
        guard let trust = try database.readStatement({ try Trust.find($0, id: id, where: visibility.trusts("t.id")) })
        else {
            throw Problem.notFound("No such trust.")
        }
        return trust
    }

    public func create(_ fields: Fields, invalid errors: [FieldError], by actor: Actor) throws -> Trust {
        let now = clock.now()
        return try database.write { db in
            guard errors.isEmpty, let name = fields.name else { throw Problem.invalid(errors) }
            let giasCode = fields.giasCode ?? nil
            let companiesHouseNumber = fields.companiesHouseNumber ?? nil
            try Self.requireFreeGIASCode(giasCode, for: nil, db)
            try db.run(
                "INSERT INTO trusts (name, gias_code, companies_house_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [name, giasCode, companiesHouseNumber, now.description, now.description])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .trust, id: id, .created, by: actor, at: now)
            return Trust(
                id: id, name: name, giasCode: giasCode, companiesHouseNumber: companiesHouseNumber, createdAt: now)
        }
    }

    /// Applies a merge patch. A patch that changes nothing leaves the version as it is.
    public func update(
        id: Int, _ fields: Fields, invalid errors: [FieldError], ifMatch checkVersion: (Int) throws -> Void,
        by actor: Actor
    ) throws -> Trust {
        let now = clock.now()
        return try database.write { db in
            guard let current = try Trust.find(db, id: id, where: .always) else {
                throw Problem.notFound("No such trust.")
            }
            try checkVersion(current.version)
            guard errors.isEmpty else { throw Problem.invalid(errors) }
            var updated = current
            updated.name = fields.name ?? current.name
            updated.giasCode = fields.giasCode ?? current.giasCode
            updated.companiesHouseNumber = fields.companiesHouseNumber ?? current.companiesHouseNumber
            guard updated != current else { return current }
            if updated.giasCode != current.giasCode { try Self.requireFreeGIASCode(updated.giasCode, for: id, db) }
            updated.version += 1
            updated.updatedAt = now
            try db.run(
                """
                UPDATE trusts SET name = ?, gias_code = ?, companies_house_number = ?, version = ?, updated_at = ?
                WHERE id = ?
                """,
                [updated.name, updated.giasCode, updated.companiesHouseNumber, updated.version, now.description, id])
            try ChangeLog.record(db, .trust, id: id, .updated, by: actor, at: now)
            return updated
        }
    }

    /// A trust's `schoolCount` is part of its representation: when schools
    /// join or leave it, its version (and so its ETag) moves on, and the
    /// change is recorded. Each trust is touched once however many schools moved.
    static func schoolCountChanged(_ db: Connection, trusts: some Sequence<Int?>, by actor: Actor, at now: Timestamp)
        throws
    {
        for id in Set(trusts.compactMap { $0 }).sorted() {
            try db.run("UPDATE trusts SET version = version + 1, updated_at = ? WHERE id = ?", [now.description, id])
            try ChangeLog.record(db, .trust, id: id, .updated, by: actor, at: now)
        }
    }

    /// `409` naming the trust that already has the code: the import matches trusts by it.
    private static func requireFreeGIASCode(_ code: String?, for id: Int?, _ db: Connection) throws {
        guard let code,
            let holder = try db.scalarInt("SELECT id FROM trusts WHERE gias_code = ? AND id IS NOT ?", [code, id])
        else { return }
        throw Problem.conflict("Trust \(holder) already has GIAS code \(code); GIAS codes are unique.")
    }
}
