-- Where to reach a learner proactively: upserted on every turn, one row per channel conversation
-- and user.
CREATE TABLE supportbot.conversation_references (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel_id       text NOT NULL,
    service_url      text NOT NULL,
    conversation_id  text NOT NULL,
    tenant_id        text,
    bot_id           text NOT NULL,
    bot_name         text,
    user_id          text NOT NULL,
    user_name        text,
    aad_object_id    text,
    locale           text,
    time_zone        text,
    person_id        uuid REFERENCES supportbot.people (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, conversation_id, user_id)
);
CREATE INDEX conversation_references_person ON supportbot.conversation_references (person_id, last_seen_at DESC);
