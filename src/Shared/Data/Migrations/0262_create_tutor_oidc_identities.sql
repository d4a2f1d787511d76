-- Tutors' identity-provider accounts (#17 item 11): OpenID Connect sign-in is bound to the account
-- (Entra: tenant id + object id; another provider: issuer + subject), not to the email claim, which
-- another tenant can set to anything. One account per tutor.
CREATE TABLE supportbot.tutor_oidc_identities (
    issuer      text NOT NULL,
    subject     text NOT NULL,
    person_id   uuid NOT NULL UNIQUE REFERENCES supportbot.people (id) ON DELETE CASCADE,
    bound_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);
