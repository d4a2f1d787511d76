-- A reopened question ("still stuck") is routed again to new peers: each recipient row remembers
-- the routing round it belongs to, so re-running the routing job of a round adds nobody twice and
-- escalation jobs of an earlier round know they are stale.
ALTER TABLE supportbot.question_recipients
    ADD COLUMN round int NOT NULL DEFAULT 0;
