-- Ofsted inspections (CONTRACT §3 "Evaluation outcomes"). Ofsted's scales
-- changed twice and cannot be compared across frameworks, so each framework
-- keeps its own columns, and the checks below refuse a value that does not
-- belong to the row's framework, or a partial set, even if the service let
-- one through. Lists of allowed values are OR chains, not IN lists (see
-- migration 0004). Their change-log rows carry the school in was_school_urn,
-- so the changes feed can scope an inspection's deletion.
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
    -- Report card areas on the five-point scale, and safeguarding: report_card_2025 only.
    rc_inclusion TEXT CHECK (
        rc_inclusion = 'exceptional' OR rc_inclusion = 'strong_standard' OR rc_inclusion = 'expected_standard'
        OR rc_inclusion = 'needs_attention' OR rc_inclusion = 'urgent_improvement'),
    rc_curriculum_and_teaching TEXT CHECK (
        rc_curriculum_and_teaching = 'exceptional' OR rc_curriculum_and_teaching = 'strong_standard' OR rc_curriculum_and_teaching = 'expected_standard'
        OR rc_curriculum_and_teaching = 'needs_attention' OR rc_curriculum_and_teaching = 'urgent_improvement'),
    rc_achievement TEXT CHECK (
        rc_achievement = 'exceptional' OR rc_achievement = 'strong_standard' OR rc_achievement = 'expected_standard'
        OR rc_achievement = 'needs_attention' OR rc_achievement = 'urgent_improvement'),
    rc_attendance_and_behaviour TEXT CHECK (
        rc_attendance_and_behaviour = 'exceptional' OR rc_attendance_and_behaviour = 'strong_standard' OR rc_attendance_and_behaviour = 'expected_standard'
        OR rc_attendance_and_behaviour = 'needs_attention' OR rc_attendance_and_behaviour = 'urgent_improvement'),
    rc_personal_development_and_wellbeing TEXT CHECK (
        rc_personal_development_and_wellbeing = 'exceptional' OR rc_personal_development_and_wellbeing = 'strong_standard' OR rc_personal_development_and_wellbeing = 'expected_standard'
        OR rc_personal_development_and_wellbeing = 'needs_attention' OR rc_personal_development_and_wellbeing = 'urgent_improvement'),
    rc_leadership_and_governance TEXT CHECK (
        rc_leadership_and_governance = 'exceptional' OR rc_leadership_and_governance = 'strong_standard' OR rc_leadership_and_governance = 'expected_standard'
        OR rc_leadership_and_governance = 'needs_attention' OR rc_leadership_and_governance = 'urgent_improvement'),
    rc_safeguarding TEXT CHECK (rc_safeguarding = 'met' OR rc_safeguarding = 'not_met'),
    version          INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    CHECK ((overall_grade IS NOT NULL) = (framework = 'graded_pre_2024')),
    -- The four key judgements come together: required for graded_2024,
    -- optional beside a pre-2024 overall grade, absent otherwise.
    CHECK ((kj_quality_of_education IS NULL) = (kj_behaviour_and_attitudes IS NULL)
           AND (kj_quality_of_education IS NULL) = (kj_personal_development IS NULL)
           AND (kj_quality_of_education IS NULL) = (kj_leadership_and_management IS NULL)),
    CHECK ((kj_quality_of_education IS NOT NULL) >= (framework = 'graded_2024')),
    CHECK (framework = 'graded_pre_2024' OR framework = 'graded_2024' OR kj_quality_of_education IS NULL),
    -- A report card is whole, and on report_card_2025 only.
    CHECK ((rc_inclusion IS NOT NULL) = (framework = 'report_card_2025')
           AND (rc_inclusion IS NULL) = (rc_curriculum_and_teaching IS NULL)
           AND (rc_inclusion IS NULL) = (rc_achievement IS NULL)
           AND (rc_inclusion IS NULL) = (rc_attendance_and_behaviour IS NULL)
           AND (rc_inclusion IS NULL) = (rc_personal_development_and_wellbeing IS NULL)
           AND (rc_inclusion IS NULL) = (rc_leadership_and_governance IS NULL)
           AND (rc_inclusion IS NULL) = (rc_safeguarding IS NULL))
) STRICT;
CREATE INDEX inspections_by_school ON inspections (urn, inspected_on, id);
