-- Issue 17: personal messages go only to 1:1 conversations. A Teams channel or group chat where
-- a learner @mentioned the bot is not one. Rows written before this column knew no conversation
-- type: Teams team-channel and group-chat ids start with "19:", personal ones with "a:".
ALTER TABLE supportbot.conversation_references ADD COLUMN is_personal boolean NOT NULL DEFAULT true;
UPDATE supportbot.conversation_references SET is_personal = false WHERE channel_id = 'msteams' AND conversation_id LIKE '19:%';
