-- Tutor sign-in by emailed one-time link (#7). Only a SHA-256 hash of the token is stored, so a
-- database read does not let anyone sign in; a link is consumed once (used_at) or expires.
CREATE TABLE supportbot.tutor_sign_in_links (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id     uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    token_hash    bytea NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz
);
CREATE INDEX tutor_sign_in_links_person ON supportbot.tutor_sign_in_links (person_id, created_at DESC);
