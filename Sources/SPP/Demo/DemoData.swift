import SQLiteStore

/// A deterministic, realistic demo register — trusts, ~60 schools across
/// regions and phases, partnerships in cohorts from 2014 (some schools in two),
/// people in every role, training sessions with bookings, peer reviews (one
/// completed and one planned in each of three partnerships), inspections before
/// and after joining and the national rates to compare them with — so a
/// newcomer's first curl shows real-looking data. Seeding twice changes nothing.
public enum DemoData {
    /// Returns false when the database already holds schools (nothing is seeded).
    @discardableResult
    public static func seed(_ database: Database, clock: any WallClock) throws -> Bool {
        try database.write { db in
            guard try db.scalarInt("SELECT count(*) FROM schools") == 0 else { return false }
            var random = SeededRandom(seed: 2014)
            let now = clock.now()
            let today = now.date
            let stamp = now.description
            try seedTrusts(db, stamp: stamp)
            let urns = try seedSchools(db, random: &random, stamp: stamp)
            let partnerships = try seedPartnerships(db, urns: urns, today: today, random: &random, stamp: stamp)
            let people = try seedPeople(db, urns: urns, random: &random, stamp: stamp)
            try seedLeads(db, partnerships: partnerships, people: people)
            try seedTraining(db, people: people, today: today, random: &random, stamp: stamp)
            try seedInspections(db, random: &random, stamp: stamp)
            try seedReviews(db, today: today, stamp: stamp)
            // Every seeded row is in the feed, with the scope ChangeLog would record.
            try db.run(
                """
                INSERT INTO changes (entity, entity_id, action, at, was_trust_id, was_school_urn)
                SELECT 'trust', id, 'created', ?, NULL, NULL FROM trusts
                UNION ALL SELECT 'school', urn, 'created', ?, trust_id, NULL FROM schools
                UNION ALL SELECT 'partnership', id, 'created', ?, NULL, NULL FROM partnerships
                UNION ALL SELECT 'membership', id, 'created', ?, NULL, NULL FROM memberships
                UNION ALL SELECT 'person', id, 'created', ?, NULL, school_urn FROM people
                UNION ALL SELECT 'training_session', id, 'created', ?, NULL, NULL FROM training_sessions
                UNION ALL SELECT 'booking', id, 'created', ?, NULL, NULL FROM bookings
                """, [stamp, stamp, stamp, stamp, stamp, stamp, stamp])
            try db.run(
                "INSERT INTO changes (entity, entity_id, action, at, was_school_urn) SELECT 'inspection', id, 'created', ?, urn FROM inspections",
                [stamp])
            try db.run(
                """
                INSERT INTO changes (entity, entity_id, action, at) SELECT 'review', id, 'created', ? FROM reviews
                UNION ALL SELECT 'action', id, 'created', ? FROM review_actions
                UNION ALL SELECT 'national_rate', year, 'created', ? FROM national_rates
                """, [stamp, stamp, stamp])
            return true
        }
    }

    private static let trusts = [
        ("Northern Lights Learning Trust", "TR01001"), ("Oakfield Academies", "TR01002"),
        ("Riverside Education Partnership", "TR01003"), ("Kingsway Multi-Academy Trust", "TR01004"),
    ]

    private static func seedTrusts(_ db: Connection, stamp: String) throws {
        for (index, trust) in trusts.enumerated() {
            try db.run(
                "INSERT INTO trusts (id, name, gias_code, companies_house_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [index + 1, trust.0, trust.1, String(8_000_000 + index * 7919), stamp, stamp])
        }
    }

    private static let regions: [(region: String, authorities: [String])] = [
        ("north_east", ["Newcastle upon Tyne", "Durham", "Sunderland"]),
        ("north_west", ["Manchester", "Liverpool", "Lancashire"]),
        ("yorkshire_and_the_humber", ["Leeds", "Sheffield", "Bradford"]),
        ("east_midlands", ["Nottingham", "Leicestershire"]),
        ("west_midlands", ["Birmingham", "Coventry"]),
        ("east_of_england", ["Essex", "Norfolk"]),
        ("london", ["Camden", "Hackney", "Redbridge", "Southwark"]),
        ("south_east", ["Kent", "Surrey"]),
        ("south_west", ["Bristol, City of", "Devon", "Cornwall"]),
    ]
    private static let places = [
        "Ash", "Oakfield", "Riverside", "Hillcrest", "Meadow", "Kingsway", "Elmhurst", "Brookside", "Seven Kings",
        "Larkspur", "Highfield", "Westgate", "Fairfield", "Moorside", "Beacon",
    ]
    private static let phases: [(phase: String, kind: String, type: String)] = [
        ("primary", "Primary School", "Academy converter"), ("primary", "Primary School", "Community school"),
        ("primary", "Church of England Primary School", "Voluntary aided school"),
        ("secondary", "Academy", "Academy sponsor led"), ("secondary", "High School", "Foundation school"),
        ("nursery", "Nursery School", "Local authority nursery school"),
        ("all_through", "All-through School", "Free schools"),
        ("not_applicable", "Special School", "Community special school"),
    ]

    private static func seedSchools(_ db: Connection, random: inout SeededRandom, stamp: String) throws -> [Int] {
        var urns: [Int] = []
        for index in 0..<60 {
            let urn = 137_000 + index * 37
            let region = regions[index % regions.count]
            let phase = phases[random.next(phases.count)]
            let place = places[(index * 7 + index / places.count) % places.count]
            let trust: Int? = index % 3 == 0 ? nil : 1 + index % trusts.count
            let grade: Int? = [1, 2, 2, 2, 3, 4, nil][random.next(7)]
            let pupils = phase.phase == "secondary" ? 600 + random.next(1000) : 60 + random.next(420)
            let postcode =
                "\(["NE", "M", "LS", "NG", "B", "CB", "E", "ME", "BS"][index % 9])\(1 + random.next(20)) \(1 + random.next(9))\(["AB", "DF", "HJ", "LN", "PQ"][random.next(5)])"
            try db.run(
                """
                INSERT INTO schools (urn, name, phase, type, local_authority, region, trust_id, gias_ofsted_grade,
                                     ofsted_grade, pupils, postcode, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    urn, "\(place) \(phase.kind)", phase.phase, phase.type,
                    region.authorities[index % region.authorities.count],
                    region.region, trust, grade, grade, pupils, postcode, stamp, stamp,
                ])
            urns.append(urn)
        }
        // One conversion: the last school replaced an earlier maintained school.
        try db.run("UPDATE schools SET predecessor_urn = ? WHERE urn = ?", [urns[1], urns[59]])
        return urns
    }

    private static func seedPartnerships(
        _ db: Connection, urns: [Int], today: CivilDate, random: inout SeededRandom, stamp: String
    ) throws -> [Int] {
        let statuses = [
            "active", "active", "active", "active", "active", "active", "forming", "active", "closed", "active",
        ]
        let maturities = ["hub", "sustain", "sustain", "embed", "embed", "build", "build", "embed", "sustain", "build"]
        var ids: [Int] = []
        for index in 0..<10 {
            let cohort = 2014 + index
            let region = regions[index % regions.count].region
            try db.run(
                """
                INSERT INTO partnerships (name, cohort, region, status, maturity, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    "\(places[index]) Schools Partnership", cohort, region, statuses[index], maturities[index], stamp,
                    stamp,
                ])
            let id = Int(db.lastInsertRowID)
            ids.append(id)
            let size = 4 + random.next(3)
            for member in 0..<size {
                let urn = urns[(index * 6 + member) % urns.count]
                let joined = CivilDate(year: cohort, month: 9, day: 1 + member)!
                try db.run(
                    "INSERT INTO memberships (partnership_id, urn, joined_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    [id, urn, joined.description, stamp, stamp])
            }
        }
        // Multi-belonging: a few schools also joined the newest partnership; one left and re-joined.
        for urn in urns.prefix(3) {
            try db.run(
                "INSERT INTO memberships (partnership_id, urn, joined_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [ids[9], urn, "2023-09-15", stamp, stamp])
        }
        try db.run(
            "UPDATE memberships SET left_on = '2019-07-20' WHERE partnership_id = ? AND urn = ?", [ids[2], urns[12]])
        try db.run(
            "INSERT INTO memberships (partnership_id, urn, joined_on, created_at, updated_at) VALUES (?, ?, '2021-01-10', ?, ?)",
            [ids[2], urns[12], stamp, stamp])
        return ids
    }

    private static let firstNames = [
        "Amara", "Ben", "Chloe", "Dev", "Eleanor", "Farah", "George", "Hannah", "Imran", "Jess", "Kwame", "Laura",
        "Mohammed", "Niamh", "Oliver", "Priya", "Rachel", "Sam", "Tom", "Uma", "Victoria", "Will", "Yasmin", "Zoe",
    ]
    private static let lastNames = [
        "Adeyemi", "Brown", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal", "Jones", "Khan",
        "Lewis", "Morris", "Nowak", "O'Brien", "Patel", "Roberts", "Singh", "Taylor", "Walker",
    ]

    private static func seedPeople(_ db: Connection, urns: [Int], random: inout SeededRandom, stamp: String) throws
        -> [Int]
    {
        let roleSets = [
            ["headteacher", "peer_reviewer"], ["partnership_lead", "headteacher"], ["improvement_champion"],
            ["peer_reviewer"], ["other"], ["headteacher", "improvement_champion"],
        ]
        var ids: [Int] = []
        for index in 0..<90 {
            let first = firstNames[random.next(firstNames.count)]
            let last = lastNames[random.next(lastNames.count)]
            let urn = urns[index % urns.count]
            try db.run(
                "INSERT INTO people (name, email, school_urn, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [
                    "\(first) \(last)",
                    "\(first.lowercased()).\(last.lowercased().filter(\.isLetter)).\(index)@school\(urn).example.org",
                    urn, stamp, stamp,
                ])
            let id = Int(db.lastInsertRowID)
            for role in roleSets[index % roleSets.count] {
                try db.run("INSERT INTO person_roles (person_id, role) VALUES (?, ?)", [id, role])
            }
            ids.append(id)
        }
        return ids
    }

    private static func seedLeads(_ db: Connection, partnerships: [Int], people: [Int]) throws {
        let leads = try db.fetch(
            "SELECT person_id FROM person_roles WHERE role = 'partnership_lead' ORDER BY person_id"
        ) { $0.int(0) }
        for (index, partnership) in partnerships.enumerated() where index < leads.count {
            try db.run("UPDATE partnerships SET lead_person_id = ? WHERE id = ?", [leads[index], partnership])
        }
    }

    private static func seedTraining(
        _ db: Connection, people: [Int], today: CivilDate, random: inout SeededRandom, stamp: String
    ) throws {
        let courses = [
            ("peer_reviewer", "Peer reviewer training"), ("improvement_champion", "Improvement champion training"),
            ("peer_reviewer_refresher", "Peer reviewer refresher"),
            ("improvement_champion_refresher", "Improvement champion refresher"),
        ]
        for index in 0..<8 {
            let course = courses[index % courses.count]
            let day = today.adding(days: 14 + index * 9)
            try db.run(
                """
                INSERT INTO training_sessions (course, title, starts_at, ends_at, location, online, capacity, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    course.0, "\(course.1) — \(places[index]) cohort", "\(day)T09:00:00Z", "\(day)T15:30:00Z",
                    index % 2 == 0 ? "\(places[index + 3]) Teaching School Hub" : nil, index % 2 == 1,
                    12 + 4 * (index % 3),
                    stamp, stamp,
                ])
        }
        // Accreditations earned on past courses, so reviews can be staffed.
        for (index, person) in people.enumerated() where index % 3 != 2 {
            let completed = today.adding(days: -(200 + random.next(700)))
            let course = index % 2 == 0 ? "peer_reviewer" : "improvement_champion"
            try db.run(
                "INSERT INTO accreditations (person_id, course, completed_on, valid_until) VALUES (?, ?, ?, ?)",
                [person, course, completed.description, completed.adding(years: 3).description])
        }
        let firstSession = try db.scalarInt("SELECT min(id) FROM training_sessions") ?? 1
        for (index, person) in people.prefix(10).enumerated() {
            try db.run(
                "INSERT INTO bookings (session_id, person_id, status, created_at, updated_at) VALUES (?, ?, 'confirmed', ?, ?)",
                [firstSession + index % 2, person, stamp, stamp])
        }
    }

    /// In each of the first three active partnerships: a review completed two
    /// months ago (a lead reviewer from another member school, a facilitator
    /// from a third, findings and an action), and one planned for its next member.
    private static func seedReviews(_ db: Connection, today: CivilDate, stamp: String) throws {
        let partnerships = try db.fetch(
            "SELECT id FROM partnerships WHERE status = 'active' ORDER BY id LIMIT 3", []
        ) { $0.int(0) }
        let visit = today.adding(days: -60)
        for partnership in partnerships {
            let members = try db.fetch(
                "SELECT urn FROM memberships WHERE partnership_id = ? AND left_on IS NULL ORDER BY urn", [partnership]
            ) { $0.int(0) }
            guard members.count >= 3 else { continue }
            func accredited(_ course: String, notAt excluded: [Int]) throws -> (person: Int, school: Int)? {
                try db.fetchOne(
                    """
                    SELECT p.id, p.school_urn FROM people p JOIN accreditations a ON a.person_id = p.id
                    WHERE a.course = ? AND a.completed_on <= ? AND a.valid_until >= ?
                      AND p.school_urn IN (SELECT value FROM json_each(?)) ORDER BY p.id LIMIT 1
                    """,
                    [
                        course, visit.description, today.description,
                        "[\(members.filter { !excluded.contains($0) }.map(String.init).joined(separator: ","))]",
                    ]
                ) { ($0.int(0), $0.int(1)) }
            }
            let host = members[0]
            guard let lead = try accredited("peer_reviewer", notAt: [host]),
                let champion = try accredited("improvement_champion", notAt: [host, lead.school]),
                let owner = try db.scalarInt("SELECT id FROM people WHERE school_urn = ? ORDER BY id LIMIT 1", [host])
            else { continue }
            try db.run(
                """
                INSERT INTO reviews (partnership_id, host_urn, focus, status, visit_start, visit_end,
                    workshop_facilitator_id, strengths, areas_for_development, findings_shared, visited,
                    created_at, updated_at)
                VALUES (?, ?, 'Reading across Key Stage 2', 'completed', ?, ?, ?, ?, ?, 1, 1, ?, ?)
                """,
                [
                    partnership, host, visit.description, visit.adding(days: 1).description, champion.person,
                    Review.stored(["Pupils talk confidently about the books they read"]),
                    Review.stored(["Reading records are not used to plan next steps"]), stamp, stamp,
                ])
            let review = Int(db.lastInsertRowID)
            try db.run(
                "INSERT INTO review_team (review_id, person_id, role, school_urn) VALUES (?, ?, 'lead_reviewer', ?)",
                [review, lead.person, lead.school])
            try db.run(
                """
                INSERT INTO review_actions (review_id, description, owner_person_id, due_on, status, created_at, updated_at)
                VALUES (?, 'Use reading records in planning meetings', ?, ?, 'open', ?, ?)
                """, [review, owner, today.adding(days: 60).description, stamp, stamp])
            try db.run(
                """
                INSERT INTO reviews (partnership_id, host_urn, focus, status, created_at, updated_at)
                VALUES (?, ?, NULL, 'planned', ?, ?)
                """, [partnership, members[1], stamp, stamp])
        }
    }

    /// A graded inspection a year or two before each member school first
    /// joined, and for most a graded follow-up two or three years later
    /// (before grades stopped in September 2024), so `/v1/outcomes/ofsted`
    /// has something to count; national rates for the cohorts, marked as demo figures.
    private static func seedInspections(_ db: Connection, random: inout SeededRandom, stamp: String) throws {
        let firsts = try db.fetch("SELECT urn, min(joined_on) FROM memberships GROUP BY urn ORDER BY urn") {
            ($0.int(0), $0.date(1))
        }
        let gradesStopped = InspectionFramework.gradedPre2024.period.last!
        for (urn, joined) in firsts {
            var visits = [(joined.adding(days: -(300 + random.next(400))), 2 + random.next(3))]
            let followUp = joined.adding(days: 700 + random.next(400))
            if random.next(5) != 0, followUp <= gradesStopped { visits.append((followUp, 1 + random.next(3))) }
            for (date, grade) in visits {
                try db.run(
                    """
                    INSERT INTO inspections (urn, inspected_on, framework, overall_grade, created_at, updated_at)
                    VALUES (?, ?, 'graded_pre_2024', ?, ?, ?)
                    """, [urn, date.description, grade, stamp, stamp])
            }
            try SchoolGrades.refresh(db, urn: urn)
        }
        for year in 2014...2023 {
            try db.run(
                """
                INSERT INTO national_rates (year, improved_rate, declined_rate, source, definition, created_at, updated_at)
                VALUES (?, ?, ?, 'Demo figures, not Ofsted statistics', ?, ?, ?)
                """,
                [
                    year, 0.30 + Double(year % 5) * 0.02, 0.12,
                    "Share of schools whose next graded inspection gave a better overall grade", stamp, stamp,
                ])
        }
    }
}

/// A small deterministic generator (SplitMix64), so the demo data is the same everywhere.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ upperBound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(upperBound))
    }
}
