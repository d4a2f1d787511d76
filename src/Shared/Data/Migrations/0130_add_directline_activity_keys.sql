-- Exactly once in the web chat, also across kill -9 of a bot host.
-- client_key names an activity so that storing it again stores nothing: a learner's activity by its
-- channelData.clientActivityID (a client re-posts it when the response was lost), a turn's reply by
-- the learner's activity and its rank in the turn, a relayed message by its send-log key.
ALTER TABLE supportbot.directline_activities ADD COLUMN client_key text;
ALTER TABLE supportbot.directline_activities
    ADD CONSTRAINT directline_activities_client_key UNIQUE (conversation_id, client_key);

-- A learner's activity whose turn has not finished: the host running it holds it until then; once
-- this has passed (the host died), a re-post or the recovery loop of any host runs the turn again.
ALTER TABLE supportbot.directline_activities ADD COLUMN turn_claimed_until timestamptz;
CREATE INDEX directline_activities_unfinished_turns ON supportbot.directline_activities (turn_claimed_until)
    WHERE turn_claimed_until IS NOT NULL;
