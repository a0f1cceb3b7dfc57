-- The audit log records API keys being issued and revoked, and national
-- rates being entered: an admin's most consequential acts, which the change
-- log had no entity for. They stay out of the changes feed, which lists the
-- register's entities only (CONTRACT §3). The table is rebuilt to widen its
-- CHECK, written as an OR chain as migration 0004 explains; nothing refers
-- to it by a foreign key.

CREATE TABLE changes_rebuilt (
    seq            INTEGER PRIMARY KEY,
    entity         TEXT    NOT NULL CHECK (entity = 'school' OR entity = 'trust' OR entity = 'partnership'
                                           OR entity = 'membership' OR entity = 'person'
                                           OR entity = 'training_session' OR entity = 'booking'
                                           OR entity = 'review' OR entity = 'action' OR entity = 'inspection'
                                           OR entity = 'api_key' OR entity = 'national_rate'),
    entity_id      INTEGER NOT NULL,
    action         TEXT    NOT NULL CHECK (action = 'created' OR action = 'updated' OR action = 'deleted'),
    at             TEXT    NOT NULL,
    key_id         INTEGER,
    method         TEXT,
    path           TEXT,
    was_trust_id   INTEGER,
    was_school_urn INTEGER
) STRICT;
INSERT INTO changes_rebuilt (seq, entity, entity_id, action, at, key_id, method, path, was_trust_id, was_school_urn)
    SELECT seq, entity, entity_id, action, at, key_id, method, path, was_trust_id, was_school_urn FROM changes;
DROP TABLE changes;
ALTER TABLE changes_rebuilt RENAME TO changes;
