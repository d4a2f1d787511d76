-- Answers a tutor turned into knowledge (#7): a new entry, or a phrasing of an existing one. One row
-- per answer, so the questions page does not offer the same answer twice.
CREATE TABLE supportbot.faq_promotions (
    answer_id    uuid PRIMARY KEY REFERENCES supportbot.answers (id) ON DELETE CASCADE,
    entry_id     text NOT NULL REFERENCES supportbot.knowledge_entries (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('entry', 'variant')),
    promoted_by  uuid REFERENCES supportbot.people (id) ON DELETE SET NULL,
    promoted_at  timestamptz NOT NULL DEFAULT now()
);
