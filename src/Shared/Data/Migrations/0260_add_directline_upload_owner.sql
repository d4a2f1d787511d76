-- Per-learner upload quotas (#17 item 8): who uploaded a file (the Direct Line user the token names),
-- so a learner's files count across all their conversations; NULL for files a tutor's email brought in.
ALTER TABLE supportbot.directline_uploads ADD COLUMN uploaded_by text;
CREATE INDEX directline_uploads_uploaded_by ON supportbot.directline_uploads (uploaded_by, created_at) WHERE uploaded_by IS NOT NULL;
