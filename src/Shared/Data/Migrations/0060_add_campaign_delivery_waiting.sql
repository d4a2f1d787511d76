-- A delivery that cannot go yet (the mail server, the Bot Connector or PostgreSQL is down, or
-- another attempt still holds its send-log claim) waits instead of failing: it goes back to 'due'
-- at a later due_at without using up an attempt, and says since when and for what it waits, so
-- the campaign page shows "waiting for the mail server since 14:02" rather than "failed".
ALTER TABLE supportbot.campaign_deliveries
    ADD COLUMN waiting_since timestamptz,
    ADD COLUMN waiting_for   text CHECK (waiting_for IN ('mail_server', 'chat', 'database', 'other_attempt'));
