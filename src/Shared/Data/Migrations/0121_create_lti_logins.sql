-- LTI 1.3 logins in flight (#20): the state and nonce SupportBot sent the platform, used once by
-- the launch that comes back. Rows are deleted a day after they were made.
CREATE TABLE supportbot.lti_logins (
    state       text PRIMARY KEY,
    nonce       text NOT NULL,
    platform    text NOT NULL,
    created_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX lti_logins_created ON supportbot.lti_logins (created_at);
