-- +goose Up
-- An organisation's consumption-based footprint per inhabitant (C6), one row per year and
-- category (mobility, food, housing, goods_services), each with its method label and source.
-- It is its own indicator family, never added to the territorial accounts.
CREATE TABLE consumption_footprints (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id   INTEGER NOT NULL REFERENCES organisations(id),
    year              INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    category          text NOT NULL CHECK (category IN ('mobility','food','housing','goods_services')),
    t_co2e_per_person REAL NOT NULL CHECK (t_co2e_per_person >= 0),
    method            text NOT NULL,
    source            text NOT NULL,
    example           INTEGER,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        text NOT NULL,
    updated_at        text NOT NULL,
    UNIQUE (organisation_id, year, category)
);

-- +goose Down
DROP TABLE consumption_footprints;
