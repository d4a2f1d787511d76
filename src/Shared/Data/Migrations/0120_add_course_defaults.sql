-- A roster import (#20) gives a new person the course's language and time zone when the platform's
-- file says nothing about them; the course, not a global setting, knows where its learners live.
ALTER TABLE supportbot.courses ADD COLUMN default_locale text NOT NULL DEFAULT 'fr';
ALTER TABLE supportbot.courses ADD COLUMN default_time_zone text NOT NULL DEFAULT 'Europe/Paris';
