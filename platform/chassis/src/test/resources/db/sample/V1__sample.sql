CREATE TABLE widget (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL
);
CREATE TABLE tally (
    aggregate_id TEXT PRIMARY KEY,
    applied      INT  NOT NULL
);
