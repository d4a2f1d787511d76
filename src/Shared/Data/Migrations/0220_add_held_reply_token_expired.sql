-- A reply through a reply address older than Routing:ReplyTokenLifetime is held too (#15).
ALTER TABLE supportbot.held_replies DROP CONSTRAINT held_replies_reason_check;
ALTER TABLE supportbot.held_replies ADD CONSTRAINT held_replies_reason_check
    CHECK (reason IN ('not_recipient', 'dmarc_fail', 'unreadable', 'token_expired'));
