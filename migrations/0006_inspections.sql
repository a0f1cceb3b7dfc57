-- Ofsted inspections (CONTRACT §3 "Evaluation outcomes"). Ofsted's scales
-- changed twice and cannot be compared across frameworks, so each framework
-- keeps its own columns, and the checks below refuse a value that does not
-- belong to the row's framework even if the service let one through. Lists
-- of allowed values are OR chains, not IN lists (see migration 0004). Their
-- change-log rows carry the school in was_school_urn, so the changes feed can
-- scope an inspection's deletion.
CREATE TABLE inspections (
    id               INTEGER PRIMARY KEY,
    urn              INTEGER NOT NULL REFERENCES schools (urn),
    inspected_on     TEXT    NOT NULL CHECK (length(inspected_on) = 10),
    framework        TEXT    NOT NULL CHECK (framework = 'graded_pre_2024' OR framework = 'graded_2024'
                                             OR framework = 'report_card_2025' OR framework = 'ungraded'),
    overall_grade    INTEGER CHECK (overall_grade BETWEEN 1 AND 4),
    -- Key judgements, 1-4: graded_pre_2024 (optional) and graded_2024 (required).
    kj_quality_of_education        INTEGER CHECK (kj_quality_of_education BETWEEN 1 AND 4),
    kj_behaviour_and_attitudes     INTEGER CHECK (kj_behaviour_and_attitudes BETWEEN 1 AND 4),
    kj_personal_development        INTEGER CHECK (kj_personal_development BETWEEN 1 AND 4),
    kj_leadership_and_management   INTEGER CHECK (kj_leadership_and_management BETWEEN 1 AND 4),
    -- Report card areas, report_card_2025 only; grades are checked by the service.
    rc_inclusion                          TEXT,
    rc_curriculum_and_teaching            TEXT,
    rc_achievement                        TEXT,
    rc_attendance_and_behaviour           TEXT,
    rc_personal_development_and_wellbeing TEXT,
    rc_leadership_and_governance          TEXT,
    rc_safeguarding                       TEXT CHECK (rc_safeguarding = 'met' OR rc_safeguarding = 'not_met'),
    version          INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    CHECK ((overall_grade IS NOT NULL) = (framework = 'graded_pre_2024')),
    CHECK (framework = 'graded_pre_2024' OR framework = 'graded_2024' OR kj_quality_of_education IS NULL),
    CHECK ((rc_safeguarding IS NOT NULL) = (framework = 'report_card_2025'))
) STRICT;
CREATE INDEX inspections_by_school ON inspections (urn, inspected_on, id);
