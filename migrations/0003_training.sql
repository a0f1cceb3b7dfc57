-- Training sessions, bookings with their waitlist, and the accreditations that
-- attendance grants.

CREATE TABLE training_sessions (
    id         INTEGER PRIMARY KEY,
    course     TEXT    NOT NULL CHECK (course IN ('improvement_champion', 'peer_reviewer',
                                                  'improvement_champion_refresher', 'peer_reviewer_refresher')),
    title      TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at  TEXT    NOT NULL CHECK (length(starts_at) = 20),
    ends_at    TEXT    NOT NULL CHECK (length(ends_at) = 20 AND ends_at > starts_at),
    location   TEXT    CHECK (location IS NULL OR length(location) BETWEEN 1 AND 200),
    online     INTEGER NOT NULL CHECK (online IN (0, 1)),
    capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    status     TEXT    NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX training_sessions_by_start ON training_sessions (starts_at, id);
CREATE INDEX training_sessions_by_course ON training_sessions (course, starts_at, id);

-- Waitlist order is arrival order: the booking id. A waitlisted booking's
-- position is the number of waitlisted bookings on the session with id <= its own.
CREATE TABLE bookings (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    status     TEXT    NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'attended', 'no_show')),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX bookings_one_active ON bookings (session_id, person_id) WHERE status IN ('confirmed', 'waitlisted');
CREATE INDEX bookings_by_session ON bookings (session_id, status, id);
CREATE INDEX bookings_by_person ON bookings (person_id, id);

-- One row per person and kind of course: completed_on is the initial course's
-- date, valid_until moves forward with each attended refresher.
CREATE TABLE accreditations (
    person_id    INTEGER NOT NULL REFERENCES people (id),
    course       TEXT    NOT NULL CHECK (course IN ('improvement_champion', 'peer_reviewer')),
    completed_on TEXT    NOT NULL CHECK (length(completed_on) = 10),
    valid_until  TEXT    NOT NULL CHECK (length(valid_until) = 10 AND valid_until > completed_on),
    PRIMARY KEY (person_id, course)
) STRICT, WITHOUT ROWID;
