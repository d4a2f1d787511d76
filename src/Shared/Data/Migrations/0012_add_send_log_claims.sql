-- A send attempt claims its send_log row for a lease: a concurrent run of the same job finds the
-- row claimed and does not send too; a claimer that crashed leaves a lease that runs out, and the
-- row is claimed again. claimed_by names the attempt (host, process, attempt id) for diagnosis.
ALTER TABLE supportbot.send_log
    ADD COLUMN claimed_by     text,
    ADD COLUMN claimed_until  timestamptz;
