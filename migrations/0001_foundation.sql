-- Foundation: API keys, the audit log, the changes feed and idempotent POSTs.
-- Every later table follows the same conventions: STRICT, CHECKs mirroring
-- the Swift enumerations, RFC 3339 UTC timestamps as TEXT.

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role         TEXT    NOT NULL CHECK (role IN ('admin', 'trust', 'partnership')),
    scope_id     INTEGER,
    key_hash     TEXT    NOT NULL UNIQUE,
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT,
    CHECK ((role = 'admin') = (scope_id IS NULL))
) STRICT;

-- One row per change, in commit order: the changes feed reads it by seq and the
-- audit log adds who did it. Every write appends here, so the table is kept
-- append-only and unindexed: seq is the rowid (never reused, since rows are
-- never deleted, so no AUTOINCREMENT and its extra page write per commit), and
-- each secondary index would have been another dirty page in every commit.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY,
    entity     TEXT    NOT NULL CHECK (entity IN ('school', 'trust', 'partnership', 'membership', 'person',
                                                  'training_session', 'booking', 'review', 'action', 'inspection')),
    entity_id  INTEGER NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
    at         TEXT    NOT NULL,
    key_id     INTEGER,
    method     TEXT,
    path       TEXT
) STRICT;

-- Responses to POSTs sent with Idempotency-Key, replayed for 24 hours.
-- caller is `key:<API key id>` or `anon:<client address>`; request_hash is the
-- SHA-256 of method, target and body. status stays NULL while the first request
-- runs; headers holds the replayed `Name: value` lines.
CREATE TABLE idempotency_keys (
    caller        TEXT    NOT NULL,
    key           TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash  TEXT    NOT NULL,
    status        INTEGER CHECK (status BETWEEN 100 AND 599),
    reason        TEXT,
    headers       TEXT,
    body          BLOB,
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (caller, key)
) STRICT;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
