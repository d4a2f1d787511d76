-- Why a reply was held, kept apart from its text: the text is what a tutor may relay, so no note about
-- the hold may be mixed into it (before, a DMARC hold prefixed the reply with a note that Relay sent on).
ALTER TABLE supportbot.held_replies
    ADD COLUMN reason text NOT NULL DEFAULT 'not_recipient'
        CHECK (reason IN ('not_recipient', 'dmarc_fail', 'unreadable')),
    ADD COLUMN detail text;
