-- Teams users as the Connector described them, keyed by their Azure AD object id: the email
-- fetched once (GET .../members/{userId}) and the person it matched, so identifying a Teams learner
-- costs one Connector call per user, not one per turn. A row without person_id is a user whose
-- email matched nobody yet: later turns match the stored email again, without calling.
CREATE TABLE supportbot.teams_users (
    aad_object_id        text PRIMARY KEY,
    email                text,
    user_principal_name  text,
    person_id            uuid REFERENCES supportbot.people (id) ON DELETE CASCADE,
    looked_up_at         timestamptz NOT NULL DEFAULT now(),
    matched_at           timestamptz
);
CREATE INDEX teams_users_person ON supportbot.teams_users (person_id);
