-- Poison mail never blocks the inbox (#15): an attempt is counted here before the handler runs, so
-- a message that crashes the whole process counts too. After Inbox:MaxAttemptsPerMessage attempts
-- the message is quarantined (tutors see it with the reason) and the reader moves past it.
CREATE TABLE supportbot.inbox_attempts (
    mailbox         text NOT NULL,
    uid_validity    bigint NOT NULL,
    uid             bigint NOT NULL,
    message_id      text,
    from_address    text,
    subject         text,
    attempts        int NOT NULL DEFAULT 0,
    last_error      text,
    last_attempt_at timestamptz NOT NULL DEFAULT now(),
    quarantined_at  timestamptz,
    PRIMARY KEY (mailbox, uid_validity, uid)
);
CREATE INDEX inbox_attempts_quarantined ON supportbot.inbox_attempts (quarantined_at DESC) WHERE quarantined_at IS NOT NULL;
