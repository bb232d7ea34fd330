-- Partner access, the same in every service that serves partners: which venues a partner may use, and the
-- SHA-256 hashes of its keys (a key is shown once when issued and never stored in clear).
-- menu-service owns it and publishes it on rotender.partners.access; other services keep this projection.
CREATE TABLE partner_access (
    partner_id  TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    venues      TEXT[]      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE partner_key (
    key_id       TEXT PRIMARY KEY,
    partner_id   TEXT        NOT NULL REFERENCES partner_access (partner_id) ON DELETE CASCADE,
    secret_hash  TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX partner_key_partner ON partner_key (partner_id);
