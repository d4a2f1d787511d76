-- Peer routing by email (#5): who a question went to, with which reply token, what came back.

-- Opt-outs and bounces are checked at send time by every sender (routing, campaigns, digests, nudges).
CREATE TABLE supportbot.email_preferences (
    person_id      uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    category       text NOT NULL CHECK (category IN ('routed_questions', 'campaigns', 'digests', 'nudges')),
    opted_out_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, category)
);

CREATE TABLE supportbot.email_bounces (
    email          text PRIMARY KEY,          -- lower-cased
    permanent      boolean NOT NULL,
    last_bounce_at timestamptz NOT NULL DEFAULT now(),
    bounce_count   int NOT NULL DEFAULT 1
);

-- One row per question and recipient (peer or tutor). The token in Reply-To
-- (support+q.<token>@domain) names exactly this row; it is random (>= 128 bits), never derived.
CREATE TABLE supportbot.question_recipients (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id    uuid NOT NULL REFERENCES supportbot.questions (id) ON DELETE CASCADE,
    person_id      uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    role           text NOT NULL CHECK (role IN ('peer', 'tutor')),
    reply_token    text NOT NULL UNIQUE,
    message_id     text,                       -- Message-ID of the email we sent them
    asked_at       timestamptz NOT NULL DEFAULT now(),
    reminded_at    timestamptz,
    answered_at    timestamptz,
    UNIQUE (question_id, person_id)
);
CREATE INDEX question_recipients_person ON supportbot.question_recipients (person_id, asked_at DESC);

-- Every outgoing message (email or chat) has one row here before it leaves: a unique key such as
-- 'question:<id>:ask:<person>' or 'campaign:<id>:<person>:<occurrence>' makes retries idempotent.
CREATE TABLE supportbot.send_log (
    key            text PRIMARY KEY,
    channel        text NOT NULL CHECK (channel IN ('email', 'chat')),
    recipient      text NOT NULL,
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    message_id     text,
    detail         text,
    attempts       int NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz
);

-- Answers from peers and tutors (by email, or typed on the tutor pages), kept for the tutor to
-- promote into the knowledge base.
CREATE TABLE supportbot.answers (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    question_id      uuid NOT NULL REFERENCES supportbot.questions (id) ON DELETE CASCADE,
    author_id        uuid REFERENCES supportbot.people (id) ON DELETE SET NULL,
    via              text NOT NULL CHECK (via IN ('email', 'tutor_page', 'chat')),
    text             text NOT NULL,
    images           jsonb NOT NULL DEFAULT '[]',  -- [{ "fileName", "contentType", "uploadId" }]
    source_message_id text UNIQUE,                  -- the email's Message-ID: the same mail is ingested once
    created_at       timestamptz NOT NULL DEFAULT now(),
    relayed_at       timestamptz,
    helpful          boolean                        -- the learner's "solved" / "still stuck"
);

-- Every message the inbox has seen, once, whatever became of it.
CREATE TABLE supportbot.inbound_mail (
    message_id     text PRIMARY KEY,
    received_at    timestamptz NOT NULL DEFAULT now(),
    from_address   text,
    kind           text NOT NULL CHECK (kind IN ('answer', 'auto_reply', 'bounce', 'held', 'unmatched', 'own')),
    question_id    uuid REFERENCES supportbot.questions (id) ON DELETE SET NULL,
    detail         text
);

-- Replies from someone the question was not sent to: a tutor decides.
CREATE TABLE supportbot.held_replies (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    question_id    uuid NOT NULL REFERENCES supportbot.questions (id) ON DELETE CASCADE,
    from_address   text NOT NULL,
    text           text NOT NULL,
    message_id     text NOT NULL UNIQUE,
    held_at        timestamptz NOT NULL DEFAULT now(),
    decided_at     timestamptz,
    decision       text CHECK (decision IN ('accepted', 'rejected'))
);

-- Where the IMAP watcher is: resume after the last UID under the same UIDVALIDITY.
CREATE TABLE supportbot.inbox_state (
    mailbox        text PRIMARY KEY,
    uid_validity   bigint NOT NULL,
    last_uid       bigint NOT NULL
);

ALTER TABLE supportbot.questions
    ADD COLUMN escalated_at timestamptz,
    ADD COLUMN expired_at   timestamptz,
    ADD COLUMN reopened_count int NOT NULL DEFAULT 0;
