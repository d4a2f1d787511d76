-- Per-entry keywords (#16): the words a course's learners use for an entry that no question variant
-- says, kept in the knowledge base (editable by its tutors) rather than in the matcher's code.
ALTER TABLE supportbot.knowledge_entries ADD COLUMN keywords jsonb NOT NULL DEFAULT '[]';
