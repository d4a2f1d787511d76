-- The chat activity a question was typed in. A turn run again after its host died (Direct Line's
-- turn lease, a channel redelivering) finds the question it made the first time instead of
-- cancelling it and making a second one: the learner's "yes" could otherwise route the cancelled
-- one, and the question reach nobody (the chat drill lost 1 and 2 of 400 this way).
ALTER TABLE supportbot.questions ADD COLUMN source_activity_id text;
CREATE UNIQUE INDEX questions_asker_source_activity ON supportbot.questions (asker_id, source_activity_id)
    WHERE source_activity_id IS NOT NULL;
