-- The text of each email we sent a recipient (question, reminders; text part and HTML part as text):
-- their reply quotes it, and a quoted copy of our own words is never relayed (#15).
ALTER TABLE supportbot.question_recipients
    ADD COLUMN sent_texts text[] NOT NULL DEFAULT '{}';
