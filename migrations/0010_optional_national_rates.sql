-- A year's national figures may give only one of the two rates: Ofsted's
-- statistics, as DOMAIN quotes them, say how many schools improved and not
-- always how many declined, and CONTRACT requires only the source (with the
-- definition DOMAIN asks for). At least one rate is still needed. The table
-- is rebuilt to drop the NOT NULLs; nothing refers to it by a foreign key.

CREATE TABLE national_rates_rebuilt (
    year           INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    improved_rate  REAL    CHECK (improved_rate IS NULL OR improved_rate BETWEEN 0 AND 1),
    declined_rate  REAL    CHECK (declined_rate IS NULL OR declined_rate BETWEEN 0 AND 1),
    source         TEXT    NOT NULL CHECK (length(source) BETWEEN 1 AND 2000),
    definition     TEXT    NOT NULL CHECK (length(definition) BETWEEN 1 AND 2000),
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CHECK (improved_rate IS NOT NULL OR declined_rate IS NOT NULL)
) STRICT;
INSERT INTO national_rates_rebuilt SELECT * FROM national_rates;
DROP TABLE national_rates;
ALTER TABLE national_rates_rebuilt RENAME TO national_rates;
