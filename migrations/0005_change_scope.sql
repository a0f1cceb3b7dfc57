-- Where a changed row stood before the change, for the changes feed: a key
-- sees a change to a row it can see now, and also one to a row it could see
-- before, so a trust's dashboard learns that a school was deleted or moved to
-- another trust, and a school's that a person moved away. NULL where a
-- change cannot move its row; an inspection's changes carry its school
-- whatever the action, since a deleted inspection leaves only that.
ALTER TABLE changes ADD COLUMN was_trust_id INTEGER;
ALTER TABLE changes ADD COLUMN was_school_urn INTEGER;
