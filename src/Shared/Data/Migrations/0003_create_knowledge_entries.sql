-- The bilingual knowledge base. Variants and answers are per language: {"fr": [...], "en": [...]}.
CREATE TABLE supportbot.knowledge_entries (
    id             text PRIMARY KEY,
    topic          text NOT NULL,
    module_id      text REFERENCES supportbot.modules (id),
    questions      jsonb NOT NULL,
    answer         jsonb NOT NULL,
    owner          text,
    last_reviewed  date,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
