import JSON
import SQLiteStore

/// Records and lists Ofsted inspections, and keeps each school's shown grade
/// (`SchoolGrades`) in step with them.
public struct InspectionService: Sendable {
    private let database: Database
    private let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// A school's inspections, oldest first; `404` for a school out of scope.
    public func list(urn: Int, _ page: PageRequest, visibility: Visibility) throws -> Page<Inspection> {
        var conditions = [SQLCondition("i.urn = ?", [urn])]
        if !page.after.isEmpty {
            guard page.after.count == 2, let date = CivilDate(page.after[0]), let id = Int(page.after[1]) else {
                throw PageRequest.invalidCursor
            }
            conditions.append(SQLCondition("(i.inspected_on, i.id) > (?, ?)", [date.description, id]))
        }
        let filter = SQLCondition(all: conditions)
        let rows = try database.read { db in
            guard try School.find(db, id: urn, where: visibility.schools("s.urn")) != nil else {
                throw SchoolService.notFound
            }
            return try db.fetch(
                """
                SELECT \(Inspection.columns) FROM \(Inspection.source) WHERE \(filter.sql)
                ORDER BY i.inspected_on, i.id LIMIT ?
                """, filter.bindings + [page.limit + 1], Inspection.init(row:))
        }
        return Page(fetched: rows, limit: page.limit) { [$0.inspectedOn.description, String($0.id)] }
    }

    public func inspection(id: Int, visibility: Visibility) throws -> Inspection {
        let found = try database.readStatement {
            try Inspection.find($0, id: id, where: visibility.schools("i.urn"))
        }
        guard let found else { throw Self.notFound }
        return found
    }

    public func create(urn: Int, _ draft: Inspection.Draft?, invalid errors: [FieldError], by actor: Actor) throws
        -> Inspection
    {
        let now = clock.now()
        return try database.write { db in
            guard try School.find(db, id: urn, where: .always) != nil else { throw SchoolService.notFound }
            guard errors.isEmpty, let draft else { throw Problem.invalid(errors) }
            let judgements = draft.keyJudgements?.grades
            let card = draft.reportCard.map { $0.areas.map(\.rawValue) + [$0.safeguarding.rawValue] }
            try db.run(
                """
                INSERT INTO inspections (urn, inspected_on, framework, overall_grade,
                    kj_quality_of_education, kj_behaviour_and_attitudes, kj_personal_development,
                    kj_leadership_and_management,
                    rc_inclusion, rc_curriculum_and_teaching, rc_achievement, rc_attendance_and_behaviour,
                    rc_personal_development_and_wellbeing, rc_leadership_and_governance, rc_safeguarding,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [urn, draft.inspectedOn.description, draft.framework.rawValue, draft.overallGrade]
                    + Inspection.KeyJudgements.fields.indices.map { judgements?[$0] }
                    + (0...Inspection.ReportCard.areaFields.count).map { card?[$0] }
                    + [now.description, now.description])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .inspection, id: id, .created, by: actor, at: now, before: .school(urn))
            try Self.schoolGradeMayHaveChanged(urn, db, by: actor, at: now)
            return Inspection(id: id, urn: urn, draft, createdAt: now)
        }
    }

    public func delete(id: Int, ifMatch checkVersion: (Int) throws -> Void, by actor: Actor) throws {
        let now = clock.now()
        try database.write { db in
            guard let current = try Inspection.find(db, id: id, where: .always) else { throw Self.notFound }
            try checkVersion(current.version)
            try db.run("DELETE FROM inspections WHERE id = ?", [id])
            try ChangeLog.record(db, .inspection, id: id, .deleted, by: actor, at: now, before: .school(current.urn))
            try Self.schoolGradeMayHaveChanged(current.urn, db, by: actor, at: now)
        }
    }

    /// The grade a school shows is part of its representation: when it moves,
    /// so do the school's version and the change log.
    private static func schoolGradeMayHaveChanged(_ urn: Int, _ db: Connection, by actor: Actor, at now: Timestamp)
        throws
    {
        guard try SchoolGrades.refresh(db, urn: urn) else { return }
        try db.run("UPDATE schools SET version = version + 1, updated_at = ? WHERE urn = ?", [now.description, urn])
        try ChangeLog.record(db, .school, id: urn, .updated, by: actor, at: now)
    }

    static let notFound = Problem.notFound("No such inspection.")
}
