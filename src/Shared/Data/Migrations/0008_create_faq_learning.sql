-- What the FAQ learns from (#4): every query and its outcome, the learner's feedback, phrasings
-- suggested as new variants, and nightly clusters of misses. Nothing here changes the knowledge
-- base by itself: a tutor approves.
CREATE TABLE supportbot.faq_queries (
    id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id                  uuid REFERENCES supportbot.people (id) ON DELETE SET NULL,
    conversation_reference_id  bigint REFERENCES supportbot.conversation_references (id) ON DELETE SET NULL,
    language                   text NOT NULL,
    query                      text NOT NULL,
    outcome                    text NOT NULL CHECK (outcome IN ('answered', 'ambiguous', 'no_match')),
    entry_id                   text,
    score                      double precision NOT NULL,
    alternatives               text[] NOT NULL DEFAULT '{}',
    feedback                   text CHECK (feedback IN ('helped', 'not_quite')),
    created_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX faq_queries_misses ON supportbot.faq_queries (created_at) WHERE outcome = 'no_match';
CREATE INDEX faq_queries_by_reference ON supportbot.faq_queries (conversation_reference_id, created_at DESC);

CREATE TABLE supportbot.faq_variant_suggestions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id         text NOT NULL REFERENCES supportbot.knowledge_entries (id) ON DELETE CASCADE,
    language         text NOT NULL,
    text             text NOT NULL,
    source_query_id  bigint REFERENCES supportbot.faq_queries (id) ON DELETE SET NULL,
    times_helped     int NOT NULL DEFAULT 1,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz,
    decided_by       uuid REFERENCES supportbot.people (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX faq_variant_suggestions_once ON supportbot.faq_variant_suggestions (entry_id, language, lower(text));

CREATE TABLE supportbot.faq_miss_clusters (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    computed_for  date NOT NULL,
    label         text NOT NULL,
    language      text NOT NULL,
    queries       text[] NOT NULL,
    size          int NOT NULL,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'converted', 'dismissed')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
