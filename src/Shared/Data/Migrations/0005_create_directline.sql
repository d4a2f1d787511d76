-- The self-hosted Direct Line 3.0 channel of the web chat. Activities are kept in PostgreSQL so a
-- restart loses nothing and any bot instance can serve any conversation.
CREATE TABLE supportbot.directline_conversations (
    id                text PRIMARY KEY,
    user_id           text NOT NULL,
    user_name         text,
    person_id         uuid REFERENCES supportbot.people (id) ON DELETE SET NULL,
    locale            text,
    time_zone         text,
    -- The watermark: activities are numbered 1, 2, 3... per conversation, under this row's lock,
    -- so a reader never skips an activity that commits late.
    last_seq          bigint NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    last_user_activity_at timestamptz
);
CREATE INDEX directline_conversations_user ON supportbot.directline_conversations (user_id, created_at DESC);

CREATE TABLE supportbot.directline_activities (
    conversation_id  text NOT NULL REFERENCES supportbot.directline_conversations (id) ON DELETE CASCADE,
    seq              bigint NOT NULL,
    from_user        boolean NOT NULL,
    activity         jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE supportbot.directline_uploads (
    id               text PRIMARY KEY,
    conversation_id  text NOT NULL REFERENCES supportbot.directline_conversations (id) ON DELETE CASCADE,
    content_type     text NOT NULL,
    file_name        text NOT NULL,
    content          bytea NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
