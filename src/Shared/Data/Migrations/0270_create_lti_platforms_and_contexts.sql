-- LTI 1.3 (#20): platform registrations made on the admin pages (beside Lti:Platforms in the
-- settings, which win on the same name or issuer and client id), and the platform courses
-- launched so far with their Names and Role Provisioning endpoint for the roster sync.
-- No personal data: registrations, course ids and sync outcomes (counts and reasons) only.
CREATE TABLE supportbot.lti_platforms (
    name                        text PRIMARY KEY,
    issuer                      text NOT NULL,
    client_id                   text NOT NULL,
    deployment_ids              text[] NOT NULL,
    authentication_request_url  text NOT NULL,
    key_set_url                 text NOT NULL,
    access_token_url            text,
    course                      text NOT NULL,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    UNIQUE (issuer, client_id)
);

CREATE TABLE supportbot.lti_contexts (
    platform            text NOT NULL,
    context_id          text NOT NULL,
    module_id           text NOT NULL REFERENCES supportbot.modules (id),
    memberships_url     text,
    launched_at         timestamptz NOT NULL,
    synced_at           timestamptz,
    sync_succeeded      boolean,
    sync_outcome        text,
    PRIMARY KEY (platform, context_id)
);
