-- The national comparison figures an admin enters per year (CONTRACT §3
-- "Evaluation outcomes"), always with their source and definition: the
-- programme's own outcome figures are only as good as what they are compared
-- with (DOMAIN).
CREATE TABLE national_rates (
    year           INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    improved_rate  REAL    NOT NULL CHECK (improved_rate BETWEEN 0 AND 1),
    declined_rate  REAL    NOT NULL CHECK (declined_rate BETWEEN 0 AND 1),
    source         TEXT    NOT NULL CHECK (length(source) BETWEEN 1 AND 2000),
    definition     TEXT    NOT NULL CHECK (length(definition) BETWEEN 1 AND 2000),
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;
