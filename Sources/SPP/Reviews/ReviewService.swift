import JSON
import SQLiteStore

/// Peer reviews: who may see and change them, their lifecycle and the rules
/// on who may review whom (CONTRACT §3 "Peer reviews", §2).
public struct ReviewService: Sendable {
    private let database: Database
    private let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    public struct Filters: Sendable {
        public var partnershipID: Int?
        public var hostUrn: Int?
        public var status: ReviewStatus?
        /// Inclusive dates on the first visit day.
        public var from: CivilDate?
        public var to: CivilDate?
    }

    /// What a `PATCH` changes; nil leaves a field as it is, `.some(nil)` clears it.
    public struct Changes: Sendable {
        public var focus: String??
        public var status: ReviewStatus?
        public var visitStart: CivilDate??
        public var visitEnd: CivilDate??
        public var workshopFacilitatorID: Int??
        /// Each list replaces the current one; a list left out stays (merge patch).
        public var strengths: [String]?
        public var areasForDevelopment: [String]?
        public var findingsShared: Bool?
    }

    // MARK: Reading

    public func list(_ filters: Filters, _ page: PageRequest, caller: Caller) throws -> Page<Review> {
        var conditions = [Visibility(caller).partnerships("r.partnership_id")]
        if let id = filters.partnershipID { conditions.append(SQLCondition("r.partnership_id = ?", [id])) }
        if let urn = filters.hostUrn { conditions.append(SQLCondition("r.host_urn = ?", [urn])) }
        if let status = filters.status { conditions.append(SQLCondition("r.status = ?", [status.rawValue])) }
        if let from = filters.from { conditions.append(SQLCondition("r.visit_start >= ?", [from.description])) }
        if let to = filters.to { conditions.append(SQLCondition("r.visit_start <= ?", [to.description])) }
        var found = try database.read { try Review.page($0, where: conditions, page) }
        found.items = found.items.map { Self.shown($0, to: caller) }
        return found
    }

    public func review(id: Int, caller: Caller) throws -> Review {
        let found = try database.read {
            try Review.find($0, id: id, where: Visibility(caller).partnerships("r.partnership_id"))
        }
        guard let found else { throw Self.notFound }
        return Self.shown(found, to: caller)
    }

    /// The host owns its findings: a trust key sees them only once shared.
    static func shown(_ review: Review, to caller: Caller) -> Review {
        guard caller.role == .trust, !review.findingsShared else { return review }
        var hidden = review
        hidden.findings = nil
        return hidden
    }

    // MARK: Writing

    public func create(
        partnershipID: Int?, hostUrn: Int?, focus: String?, invalid errors: [FieldError], caller: Caller,
        by actor: Actor
    ) throws -> Review {
        let now = clock.now()
        return try database.write { db in
            guard errors.isEmpty, let partnershipID, let hostUrn else { throw Problem.invalid(errors) }
            try Self.requireWriter(caller, partnershipID: partnershipID)
            guard try db.scalarInt("SELECT count(*) FROM partnerships WHERE id = ?", [partnershipID]) == 1 else {
                throw Problem.invalid(field: "partnershipId", "names no partnership (id \(partnershipID))")
            }
            guard try Self.isActiveMember(hostUrn, of: partnershipID, db) else {
                throw Problem.invalid(
                    field: "hostUrn", "is not an active member school of partnership \(partnershipID)")
            }
            try db.run(
                """
                INSERT INTO reviews (partnership_id, host_urn, focus, status, created_at, updated_at)
                VALUES (?, ?, ?, 'planned', ?, ?)
                """, [partnershipID, hostUrn, focus, now.description, now.description])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .review, id: id, .created, by: actor, at: now)
            return try Self.stored(id, db)
        }
    }

    public func update(
        id: Int, _ changes: Changes, invalid errors: [FieldError], ifMatch checkVersion: (Int) throws -> Void,
        caller: Caller, by actor: Actor
    ) throws -> Review {
        let now = clock.now()
        return try database.write { db in
            let current = try Self.writable(id, caller, db)
            try checkVersion(current.version)
            guard errors.isEmpty else { throw Problem.invalid(errors) }
            var updated = current
            updated.focus = changes.focus ?? current.focus
            updated.visitStart = changes.visitStart ?? current.visitStart
            updated.visitEnd = changes.visitEnd ?? current.visitEnd
            updated.workshopFacilitatorID = changes.workshopFacilitatorID ?? current.workshopFacilitatorID
            let findings = current.findings ?? Review.Findings(strengths: [], areasForDevelopment: [])
            updated.findings = Review.Findings(
                strengths: changes.strengths ?? findings.strengths,
                areasForDevelopment: changes.areasForDevelopment ?? findings.areasForDevelopment)
            updated.findingsShared = changes.findingsShared ?? current.findingsShared
            let target = changes.status ?? current.status

            // The host may share its findings whenever it likes, even once completed.
            var sharingOnly = current
            sharingOnly.findingsShared = updated.findingsShared
            if current.status.isClosed, updated != sharingOnly || target != current.status {
                if current.status == .completed, target == .cancelled { throw Self.badMove(current.status, target) }
                throw Problem.conflict("The review is \(current.status.rawValue) and no longer changes.")
            }
            let datesMoved = updated.visitStart != current.visitStart || updated.visitEnd != current.visitEnd
            let facilitatorChanged = updated.workshopFacilitatorID != current.workshopFacilitatorID
            if datesMoved || facilitatorChanged, !current.status.plansVisit {
                throw Problem.conflict("Visit dates and the facilitator can only change before the visit is complete.")
            }
            // Findings belong to the state the review is moving to, so they may come with the move.
            if updated.findings != current.findings, !target.takesFindings {
                throw Problem.conflict("Findings are written from the visit on, while the review is open.")
            }
            if datesMoved { try Self.checkVisit(updated, db) }
            if facilitatorChanged { try Self.checkFacilitator(updated, today: now.date, db) }
            if target != current.status {
                guard current.status.allowedNext.contains(target) else { throw Self.badMove(current.status, target) }
                updated.status = target
                if target == .visitScheduled { try Self.checkTeam(updated, today: now.date, db) }
                // A visit is complete once it has happened: reciprocity counts it as the last review.
                if target == .visitComplete, let end = updated.visitEnd, end > now.date {
                    throw Problem.invalid(field: "visitEnd", "is \(end), after today: the visit has not happened yet")
                }
            }
            // What each state reached needs must still hold after any change.
            try Self.checkReached(updated, db)
            guard updated != current else { return Self.shown(current, to: caller) }
            let stored = updated.findings ?? findings
            try db.run(
                """
                UPDATE reviews SET focus = ?, status = ?, visit_start = ?, visit_end = ?, workshop_facilitator_id = ?,
                    strengths = ?, areas_for_development = ?, findings_shared = ?,
                    visited = max(visited, ?), version = version + 1, updated_at = ?
                WHERE id = ?
                """,
                [
                    updated.focus, updated.status.rawValue, updated.visitStart?.description,
                    updated.visitEnd?.description, updated.workshopFacilitatorID, Review.stored(stored.strengths),
                    Review.stored(stored.areasForDevelopment), updated.findingsShared ? 1 : 0,
                    updated.status == .visitComplete ? 1 : 0, now.description, id,
                ])
            try ChangeLog.record(db, .review, id: id, .updated, by: actor, at: now)
            return Self.shown(try Self.stored(id, db), to: caller)
        }
    }

    /// Adds a team member (`created` true) or changes their role.
    public func putTeamMember(
        reviewID: Int, personID: Int, role: Review.TeamMember.Role, ifMatch checkVersion: (Int) throws -> Void,
        caller: Caller, by actor: Actor
    ) throws -> (review: Review, created: Bool) {
        let now = clock.now()
        return try database.write { db in
            let current = try Self.writable(reviewID, caller, db)
            try checkVersion(current.version)
            guard current.status.plansVisit else {
                throw Problem.conflict("The team can only change before the visit is complete.")
            }
            let existing = current.team.first { $0.personID == personID }
            if existing?.role == role { return (Self.shown(current, to: caller), false) }
            if role == .leadReviewer,
                current.team.contains(where: { $0.role == .leadReviewer && $0.personID != personID })
            {
                throw Problem.conflict("The review already has a lead reviewer; make them a reviewer first.")
            }
            let visible = Visibility(caller).schools("p.school_urn")
            guard
                let school = try db.scalarInt(
                    "SELECT p.school_urn FROM people p WHERE p.id = ? AND \(visible.sql)", [personID] + visible.bindings
                )
            else { throw Problem.invalid(field: "personId", "names no person (id \(personID))") }
            if existing == nil {
                let problems = try Self.reviewerProblems(personID, at: school, for: current, today: now.date, db)
                guard problems.isEmpty else {
                    throw Problem.invalid(field: "personId", problems.joined(separator: "; "))
                }
            }
            try db.run(
                """
                INSERT INTO review_team (review_id, person_id, role, school_urn) VALUES (?, ?, ?, ?)
                ON CONFLICT (review_id, person_id) DO UPDATE SET role = excluded.role
                """, [reviewID, personID, role.rawValue, school])
            try Self.touch(reviewID, db, by: actor, at: now)
            return (Self.shown(try Self.stored(reviewID, db), to: caller), existing == nil)
        }
    }

    public func removeTeamMember(
        reviewID: Int, personID: Int, ifMatch checkVersion: (Int) throws -> Void, caller: Caller, by actor: Actor
    ) throws {
        let now = clock.now()
        try database.write { db in
            let current = try Self.writable(reviewID, caller, db)
            try checkVersion(current.version)
            guard current.team.contains(where: { $0.personID == personID }) else {
                throw Problem.notFound("Person \(personID) is not on the team of review \(reviewID).")
            }
            guard current.status.plansVisit else {
                throw Problem.conflict("The team can only change before the visit is complete.")
            }
            var updated = current
            updated.team.removeAll { $0.personID == personID }
            try Self.checkReached(updated, db)
            try db.run("DELETE FROM review_team WHERE review_id = ? AND person_id = ?", [reviewID, personID])
            try Self.touch(reviewID, db, by: actor, at: now)
        }
    }

    /// Each active member's reciprocity between `from` and `to` (inclusive,
    /// on the first visit day; open-ended when left out). A member not
    /// reviewed in the twelve months before today is overdue.
    public func reciprocity(partnershipID: Int, from: CivilDate?, to: CivilDate?, caller: Caller) throws
        -> [Reciprocity]
    {
        let today = clock.now().date
        let range = [from?.description ?? "0000-01-01", to?.description ?? "9999-12-31"]
        return try database.read { db in
            let visible = Visibility(caller).partnerships("id")
            guard
                try db.scalarInt(
                    "SELECT count(*) FROM partnerships WHERE id = ? AND \(visible.sql)",
                    [partnershipID] + visible.bindings)
                    == 1
            else { throw Problem.notFound("No such partnership.") }
            return try db.fetch(Reciprocity.query, range + range + [partnershipID]) { row in
                let last = row.optionalDate(4)
                return Reciprocity(
                    urn: row.int(0), name: row.text(1), reviewsHosted: row.int(2), reviewerPlacesGiven: row.int(3),
                    lastReviewedOn: last, reviewOverdue: last.map { $0 < today.adding(years: -1) } ?? true)
            }
        }
    }

    // MARK: Rules

    /// Admins write any review; a partnership key writes its own partnership's.
    static func requireWriter(_ caller: Caller, partnershipID: Int) throws {
        if caller.isAdmin || (caller.role == .partnership && caller.scopeID == partnershipID) { return }
        throw Problem.forbidden("Only an admin or the partnership's own key may change its reviews.")
    }

    /// The review as stored, if the caller sees it (`404` otherwise) and may change it (`403`).
    static func writable(_ id: Int, _ caller: Caller, _ db: Connection) throws -> Review {
        guard let review = try Review.find(db, id: id, where: Visibility(caller).partnerships("r.partnership_id"))
        else {
            throw notFound
        }
        try requireWriter(caller, partnershipID: review.partnershipID)
        return review
    }

    private static func stored(_ id: Int, _ db: Connection) throws -> Review {
        guard let review = try Review.find(db, id: id, where: .always) else { throw notFound }
        return review
    }

    /// A change to the team or actions changes the review's representation.
    static func touch(_ id: Int, _ db: Connection, by actor: Actor, at now: Timestamp) throws {
        try db.run("UPDATE reviews SET version = version + 1, updated_at = ? WHERE id = ?", [now.description, id])
        try ChangeLog.record(db, .review, id: id, .updated, by: actor, at: now)
    }

    private static func badMove(_ from: ReviewStatus, _ to: ReviewStatus) -> Problem {
        let allowed = from.allowedNext.map(\.rawValue)
        return Problem.conflict(
            "A \(from.rawValue) review cannot move to \(to.rawValue); "
                + (allowed.isEmpty ? "it is closed." : "allowed: \(allowed.joined(separator: ", ")).")
        )
    }

    private static func isActiveMember(_ urn: Int, of partnershipID: Int, _ db: Connection) throws -> Bool {
        try db.scalarInt(
            "SELECT count(*) FROM memberships WHERE partnership_id = ? AND urn = ? AND left_on IS NULL",
            [partnershipID, urn]) ?? 0 > 0
    }

    private static func schoolOf(_ person: Int, _ db: Connection) throws -> Int? {
        try db.scalarInt("SELECT school_urn FROM people WHERE id = ?", [person])
    }

    /// Whether `person` holds a current accreditation of `course` on `date`.
    private static func isAccredited(_ person: Int, _ course: String, on date: CivilDate, _ db: Connection) throws
        -> Bool
    {
        try db.scalarInt(
            "SELECT count(*) FROM accreditations WHERE person_id = ? AND course = ? AND completed_on <= ? AND valid_until >= ?",
            [person, course, date.description, date.description]) ?? 0 > 0
    }

    /// Why `person`, now at `school`, may not review `review`'s host; empty when they may.
    private static func reviewerProblems(
        _ person: Int, at school: Int, for review: Review, today: CivilDate, _ db: Connection
    ) throws -> [String] {
        var problems: [String] = []
        if school == review.hostUrn { problems.append("is from the host school") }
        if try !isActiveMember(school, of: review.partnershipID, db) {
            problems.append("is not from an active member school of partnership \(review.partnershipID)")
        }
        // On the visit date, or today while it is not set.
        if try !isAccredited(person, "peer_reviewer", on: review.visitStart ?? today, db) {
            problems.append("holds no current peer_reviewer accreditation on the visit date")
        }
        if review.workshopFacilitatorID == person { problems.append("is the workshop facilitator") }
        return problems
    }

    /// Before the visit is scheduled, every member must still qualify where they are now.
    private static func checkTeam(_ review: Review, today: CivilDate, _ db: Connection) throws {
        var errors: [FieldError] = []
        for member in review.team {
            let school = try schoolOf(member.personID, db) ?? 0
            let problems = try reviewerProblems(member.personID, at: school, for: review, today: today, db)
            if !problems.isEmpty {
                errors.append(
                    FieldError(field: "team", message: "person \(member.personID) \(problems.joined(separator: "; "))"))
            }
        }
        guard errors.isEmpty else { throw Problem.invalid(errors) }
    }

    /// Visit dates one or two days long, with a team accredited on them.
    private static func checkVisit(_ review: Review, _ db: Connection) throws {
        var errors: [FieldError] = []
        if (review.visitStart == nil) != (review.visitEnd == nil) {
            errors.append(
                FieldError(
                    field: review.visitStart == nil ? "visitStart" : "visitEnd",
                    message: "must be set with the other visit date"))
        }
        if let start = review.visitStart, let end = review.visitEnd,
            !(0...1).contains(end.daysSinceEpoch - start.daysSinceEpoch)
        {
            errors.append(
                FieldError(
                    field: "visitEnd",
                    message: "must be the first visit day or the day after (a visit lasts one or two days)"))
        }
        if let start = review.visitStart {
            for member in review.team where try !isAccredited(member.personID, "peer_reviewer", on: start, db) {
                errors.append(
                    FieldError(
                        field: "visitStart",
                        message:
                            "person \(member.personID) on the team holds no current peer_reviewer accreditation on that day"
                    ))
            }
        }
        guard errors.isEmpty else { throw Problem.invalid(errors) }
    }

    /// A current improvement champion from a member school other than the host, not on the team.
    private static func checkFacilitator(_ review: Review, today: CivilDate, _ db: Connection) throws {
        guard let facilitator = review.workshopFacilitatorID else { return }
        var errors: [FieldError] = []
        func refuse(_ message: String) { errors.append(FieldError(field: "workshopFacilitatorId", message: message)) }
        guard let school = try schoolOf(facilitator, db) else {
            throw Problem.invalid(field: "workshopFacilitatorId", "names no person (id \(facilitator))")
        }
        if school == review.hostUrn {
            refuse("is from the host school")
        } else if try !isActiveMember(school, of: review.partnershipID, db) {
            refuse("is not from a member school of the partnership")
        }
        if try !isAccredited(facilitator, "improvement_champion", on: today, db) {
            refuse("holds no current improvement_champion accreditation")
        }
        if review.team.contains(where: { $0.personID == facilitator }) { refuse("is on the review team") }
        guard errors.isEmpty else { throw Problem.invalid(errors) }
    }

    /// What entering each state up to the review's own needed must still
    /// hold: a change may not take away what a state was entered with.
    /// Each missing one is named.
    private static func checkReached(_ review: Review, _ db: Connection) throws {
        guard review.status != .cancelled else { return }
        var missing: [FieldError] = []
        func need(_ field: String, _ message: String) { missing.append(FieldError(field: field, message: message)) }
        let reached = ReviewStatus.sequence.prefix { $0 != review.status } + [review.status]
        for state in reached {
            switch state {
            case .visitScheduled:
                if review.visitStart == nil { need("visitStart", "is needed once the visit is scheduled") }
                if review.visitEnd == nil { need("visitEnd", "is needed once the visit is scheduled") }
                if review.team.isEmpty { need("team", "needs at least one reviewer once the visit is scheduled") }
            case .reported:
                if review.findings?.strengths.isEmpty ?? true {
                    need("findings.strengths", "needs at least one strength once reported")
                }
                if review.findings?.areasForDevelopment.isEmpty ?? true {
                    need("findings.areasForDevelopment", "needs at least one area for development once reported")
                }
            case .workshopHeld:
                if review.workshopFacilitatorID == nil {
                    need("workshopFacilitatorId", "is needed to hold the workshop")
                }
            case .completed:
                if try db.scalarInt("SELECT count(*) FROM review_actions WHERE review_id = ?", [review.id]) ?? 0 == 0 {
                    need("actions", "need at least one action to complete the review")
                }
            default:
                break
            }
        }
        guard missing.isEmpty else { throw Problem.invalid(missing) }
    }

    static let notFound = Problem.notFound("No such review.")
}
