import SQLiteStore

/// What importing an extract does to the register, worked out against the
/// register as it stands, so that a dry run and a real import count alike.
///
/// Built for whole extracts (tens of thousands of rows): the register is read
/// once into dictionaries rather than once per row, every statement is
/// prepared once and reused (the connection caches them by SQL), and the
/// caller runs it all in one transaction.
struct SchoolImport {
    /// A school's imported fields as stored, to tell whether a row changes anything.
    private struct Stored: Equatable {
        var name, type, phase, localAuthority, region: String
        var trustID: Int?
        var ofstedGrade: Int?
        var pupils: Int?
        var postcode: String?
    }

    private var newTrusts: [GIASExtract.TrustReference] = []
    private var renamedTrusts: [(id: Int, name: String)] = []
    private var existingTrusts: [String: Int] = [:]
    private var creates: [GIASExtract.Row] = []
    private var updates: [(row: GIASExtract.Row, previousTrust: Int?, renamed: Bool)] = []
    private(set) var summary = ImportSummary()

    init(_ rows: [GIASExtract.Row], _ db: Connection) throws {
        let trusts = try Self.trustsByCode(db)
        let schools = try Self.schoolsByURN(db)
        var seenTrusts = Set<String>()
        for row in rows {
            if let trust = row.trust, seenTrusts.insert(trust.code).inserted {
                if let existing = trusts[trust.code] {
                    existingTrusts[trust.code] = existing.id
                    if existing.name != trust.name { renamedTrusts.append((existing.id, trust.name)) }
                } else {
                    newTrusts.append(trust)
                }
            }
            guard let stored = schools[row.urn] else {
                creates.append(row)
                continue
            }
            // A trust the import creates cannot be the school's trust yet.
            let trustID = row.trust.flatMap { existingTrusts[$0.code] }
            let isNewTrust = row.trust != nil && trustID == nil
            if !isNewTrust && stored == Self.stored(row, trustID: trustID) {
                summary.unchanged += 1
            } else {
                updates.append((row, stored.trustID, stored.name != row.name))
            }
        }
        summary.created = creates.count
        summary.updated = updates.count
        summary.trustsCreated = newTrusts.count
        summary.trustsRenamed = renamedTrusts.count
    }

    /// Writes the plan, recording every change. Trusts first, so schools can
    /// refer to the new ones; each trust whose `schoolCount` moved is touched once.
    func apply(_ db: Connection, by actor: Actor, at now: Timestamp) throws {
        let stamp = now.description
        var trustIDs = existingTrusts
        for trust in newTrusts {
            try db.run(
                "INSERT INTO trusts (name, gias_code, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [trust.name, trust.code, stamp, stamp])
            let id = Int(db.lastInsertRowID)
            trustIDs[trust.code] = id
            try ChangeLog.record(db, .trust, id: id, .created, by: actor, at: now)
        }
        for (id, name) in renamedTrusts {
            try db.run(
                "UPDATE trusts SET name = ?, version = version + 1, updated_at = ? WHERE id = ?", [name, stamp, id])
            try ChangeLog.record(db, .trust, id: id, .updated, by: actor, at: now)
        }
        var countChanged = Set<Int>()
        for row in creates {
            let trustID = row.trust.flatMap { trustIDs[$0.code] }
            try db.run(
                """
                INSERT INTO schools (urn, name, phase, type, local_authority, region, trust_id, gias_ofsted_grade, pupils,
                                     postcode, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    row.urn, row.name, row.phase.rawValue, row.type, row.localAuthority, row.region.rawValue, trustID,
                    row.ofstedGrade, row.pupils, row.postcode, stamp, stamp,
                ])
            if row.ofstedGrade != nil { try SchoolGrades.refresh(db, urn: row.urn) }
            try ChangeLog.record(db, .school, id: row.urn, .created, by: actor, at: now)
            if let trustID { countChanged.insert(trustID) }
        }
        for (row, previousTrust, renamed) in updates {
            let trustID = row.trust.flatMap { trustIDs[$0.code] }
            try db.run(
                """
                UPDATE schools SET name = ?, phase = ?, type = ?, local_authority = ?, region = ?, trust_id = ?,
                    gias_ofsted_grade = ?, pupils = ?, postcode = ?, version = version + 1, updated_at = ?
                WHERE urn = ?
                """,
                [
                    row.name, row.phase.rawValue, row.type, row.localAuthority, row.region.rawValue, trustID,
                    row.ofstedGrade, row.pupils, row.postcode, stamp, row.urn,
                ])
            try SchoolGrades.refresh(db, urn: row.urn)
            try ChangeLog.record(db, .school, id: row.urn, .updated, by: actor, at: now, before: .trust(previousTrust))
            if renamed { try MembershipService.schoolRenamed(db, urn: row.urn, by: actor, at: now) }
            if trustID != previousTrust { countChanged.formUnion([trustID, previousTrust].compactMap { $0 }) }
        }
        // New trusts start with their first count; renamed ones were touched above.
        let untouched = countChanged.subtracting(newTrusts.compactMap { trustIDs[$0.code] })
            .subtracting(renamedTrusts.map(\.id))
        try TrustService.schoolCountChanged(db, trusts: untouched.map { $0 }, by: actor, at: now)
    }

    private static func trustsByCode(_ db: Connection) throws -> [String: (id: Int, name: String)] {
        let rows = try db.fetch("SELECT gias_code, id, name FROM trusts WHERE gias_code IS NOT NULL") { row in
            (row.text(0), (id: row.int(1), name: row.text(2)))
        }
        return Dictionary(rows) { first, _ in first }
    }

    private static func schoolsByURN(_ db: Connection) throws -> [Int: Stored] {
        let rows = try db.fetch(
            """
            SELECT urn, name, type, phase, local_authority, region, trust_id, gias_ofsted_grade, pupils, postcode
            FROM schools
            """
        ) { row in
            (
                row.int(0),
                Stored(
                    name: row.text(1), type: row.text(2), phase: row.text(3), localAuthority: row.text(4),
                    region: row.text(5), trustID: row.optionalInt(6), ofstedGrade: row.optionalInt(7),
                    pupils: row.optionalInt(8), postcode: row.optionalText(9))
            )
        }
        return Dictionary(rows) { first, _ in first }
    }

    private static func stored(_ row: GIASExtract.Row, trustID: Int?) -> Stored {
        Stored(
            name: row.name, type: row.type, phase: row.phase.rawValue, localAuthority: row.localAuthority,
            region: row.region.rawValue, trustID: trustID, ofstedGrade: row.ofstedGrade, pupils: row.pupils,
            postcode: row.postcode)
    }
}
