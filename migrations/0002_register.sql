-- The register: trusts, schools, partnerships with their membership history,
-- and people with their SPP roles. Enumerations mirror the Swift enums.

CREATE TABLE trusts (
    id                     INTEGER PRIMARY KEY,
    name                   TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    gias_code              TEXT    UNIQUE CHECK (gias_code IS NULL OR length(gias_code) BETWEEN 1 AND 20),
    companies_house_number TEXT    CHECK (companies_house_number IS NULL OR length(companies_house_number) BETWEEN 1 AND 20),
    version                INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL
) STRICT;
CREATE INDEX trusts_by_name ON trusts (name, id);

CREATE TABLE schools (
    urn               INTEGER PRIMARY KEY CHECK (urn BETWEEN 100000 AND 999999),
    name              TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    phase             TEXT    NOT NULL CHECK (phase IN ('not_applicable', 'nursery', 'primary', 'middle_deemed_primary',
                                                        'secondary', 'middle_deemed_secondary', 'sixteen_plus', 'all_through')),
    type              TEXT    NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
    local_authority   TEXT    NOT NULL CHECK (length(local_authority) BETWEEN 1 AND 200),
    region            TEXT    NOT NULL CHECK (region IN ('north_east', 'north_west', 'yorkshire_and_the_humber',
                                                         'east_midlands', 'west_midlands', 'east_of_england', 'london',
                                                         'south_east', 'south_west', 'wales', 'not_applicable')),
    trust_id          INTEGER REFERENCES trusts (id),
    predecessor_urn   INTEGER REFERENCES schools (urn) CHECK (predecessor_urn IS NULL OR predecessor_urn <> urn),
    -- The imported GIAS OfstedRating; ofsted_grade is the effective grade the API
    -- shows (latest graded inspection, else this), kept up to date by the services.
    gias_ofsted_grade INTEGER CHECK (gias_ofsted_grade BETWEEN 1 AND 4),
    ofsted_grade      INTEGER CHECK (ofsted_grade BETWEEN 1 AND 4),
    pupils            INTEGER CHECK (pupils BETWEEN 0 AND 100000),
    postcode          TEXT    CHECK (postcode IS NULL OR length(postcode) BETWEEN 1 AND 10),
    version           INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
) STRICT;
CREATE INDEX schools_by_region ON schools (region, urn);
CREATE INDEX schools_by_phase ON schools (phase, urn);
-- NOCASE: the localAuthority filter ignores ASCII case.
CREATE INDEX schools_by_local_authority ON schools (local_authority COLLATE NOCASE, urn);
CREATE INDEX schools_by_trust ON schools (trust_id, urn);
CREATE INDEX schools_by_ofsted_grade ON schools (ofsted_grade, urn);
CREATE INDEX schools_by_predecessor ON schools (predecessor_urn);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email       TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    school_urn  INTEGER NOT NULL REFERENCES schools (urn),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX people_by_school ON people (school_urn, id);

CREATE TABLE person_roles (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role      TEXT    NOT NULL CHECK (role IN ('headteacher', 'partnership_lead', 'improvement_champion',
                                               'peer_reviewer', 'other')),
    PRIMARY KEY (person_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_roles_by_role ON person_roles (role, person_id);

CREATE TABLE partnerships (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    cohort         INTEGER NOT NULL CHECK (cohort BETWEEN 2014 AND 2100),
    region         TEXT    CHECK (region IS NULL OR region IN ('north_east', 'north_west', 'yorkshire_and_the_humber',
                                                               'east_midlands', 'west_midlands', 'east_of_england',
                                                               'london', 'south_east', 'south_west', 'wales',
                                                               'not_applicable')),
    status         TEXT    NOT NULL DEFAULT 'forming' CHECK (status IN ('forming', 'active', 'closed')),
    maturity       TEXT    NOT NULL DEFAULT 'build' CHECK (maturity IN ('build', 'embed', 'sustain', 'hub')),
    lead_person_id INTEGER REFERENCES people (id),
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;
CREATE INDEX partnerships_by_cohort ON partnerships (cohort, id);
CREATE INDEX partnerships_by_status ON partnerships (status, id);
CREATE INDEX partnerships_by_region ON partnerships (region, id);
CREATE INDEX partnerships_by_lead ON partnerships (lead_person_id);

-- Membership periods: leaving closes a period (left_on), re-joining opens a new
-- one, so history is never lost. At most one open period per school and partnership.
CREATE TABLE memberships (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships (id),
    urn            INTEGER NOT NULL REFERENCES schools (urn),
    joined_on      TEXT    NOT NULL CHECK (length(joined_on) = 10),
    left_on        TEXT    CHECK (left_on IS NULL OR (length(left_on) = 10 AND left_on >= joined_on)),
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX memberships_one_open ON memberships (partnership_id, urn) WHERE left_on IS NULL;
CREATE INDEX memberships_by_partnership ON memberships (partnership_id, urn);
CREATE INDEX memberships_by_school ON memberships (urn, partnership_id);
