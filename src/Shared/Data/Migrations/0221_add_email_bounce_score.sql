-- Bounces score an address (hard 2, delay 0.4, halved every 30 days; mail stops at 1) instead of marking
-- it for good: a mailbox that failed once is tried again later, delays weeks apart never add up (#15).
ALTER TABLE supportbot.email_bounces
    ADD COLUMN score double precision NOT NULL DEFAULT 0,
    ADD COLUMN scored_at timestamptz NOT NULL DEFAULT now();
UPDATE supportbot.email_bounces
    SET score = CASE WHEN permanent THEN 2 ELSE least(bounce_count, 3) * 0.4 END, scored_at = last_bounce_at;
