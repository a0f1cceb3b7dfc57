-- Peer reviews (CONTRACT §3 "Peer reviews"): a host school reviewed by a team
-- from other schools of its partnership, its findings (strengths and areas
-- for development: never a grade), and the actions agreed at the workshop.
-- Findings are stored as JSON arrays of text, written only by the service.
CREATE TABLE reviews (
    id                      INTEGER PRIMARY KEY,
    partnership_id          INTEGER NOT NULL REFERENCES partnerships (id),
    host_urn                INTEGER NOT NULL REFERENCES schools (urn),
    focus                   TEXT    CHECK (length(focus) BETWEEN 1 AND 2000),
    status                  TEXT    NOT NULL CHECK (status = 'planned' OR status = 'self_review'
                                    OR status = 'visit_scheduled' OR status = 'visit_complete' OR status = 'reported'
                                    OR status = 'workshop_held' OR status = 'completed' OR status = 'cancelled'),
    visit_start             TEXT    CHECK (length(visit_start) = 10),
    visit_end               TEXT    CHECK (length(visit_end) = 10),
    workshop_facilitator_id INTEGER REFERENCES people (id),
    strengths               TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(strengths)),
    areas_for_development   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(areas_for_development)),
    findings_shared         INTEGER NOT NULL DEFAULT 0 CHECK (findings_shared = 0 OR findings_shared = 1),
    -- Set once the review reaches visit_complete, and kept if it is cancelled
    -- later: the school was reviewed all the same (reciprocity's lastReviewedOn).
    visited                 INTEGER NOT NULL DEFAULT 0 CHECK (visited = 0 OR visited = 1),
    version                 INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    CHECK ((visit_start IS NULL) = (visit_end IS NULL) AND visit_end >= visit_start)
) STRICT;
CREATE INDEX reviews_by_partnership ON reviews (partnership_id, id);
CREATE INDEX reviews_by_host ON reviews (host_urn, id);

-- school_urn is the reviewer's school when they joined the team: the place
-- is that school's contribution (reciprocity), wherever the person goes later.
CREATE TABLE review_team (
    review_id  INTEGER NOT NULL REFERENCES reviews (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    role       TEXT    NOT NULL CHECK (role = 'lead_reviewer' OR role = 'reviewer'),
    school_urn INTEGER NOT NULL REFERENCES schools (urn),
    PRIMARY KEY (review_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX review_team_one_lead ON review_team (review_id) WHERE role = 'lead_reviewer';
CREATE INDEX review_team_by_person ON review_team (person_id);

CREATE TABLE review_actions (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL REFERENCES reviews (id),
    description     TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    owner_person_id INTEGER NOT NULL REFERENCES people (id),
    due_on          TEXT    NOT NULL CHECK (length(due_on) = 10),
    status          TEXT    NOT NULL CHECK (status = 'open' OR status = 'done'),
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;
CREATE INDEX review_actions_by_review ON review_actions (review_id, id);
