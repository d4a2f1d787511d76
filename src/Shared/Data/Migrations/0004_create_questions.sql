-- What the FAQ could not answer, on its way to peers and tutors.
CREATE TABLE supportbot.questions (
    id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asker_id                   uuid REFERENCES supportbot.people (id) ON DELETE SET NULL,
    module_id                  text REFERENCES supportbot.modules (id),
    topic                      text,
    language                   text NOT NULL CHECK (language IN ('fr', 'en')),
    text                       text NOT NULL,
    details                    text,
    status                     text NOT NULL DEFAULT 'new'
                               CHECK (status IN ('new', 'routed', 'answered', 'resolved', 'escalated', 'expired', 'cancelled')),
    conversation_reference_id  bigint REFERENCES supportbot.conversation_references (id) ON DELETE SET NULL,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    routed_at                  timestamptz,
    answered_at                timestamptz,
    resolved_at                timestamptz
);
CREATE INDEX questions_open ON supportbot.questions (module_id, status) WHERE status IN ('new', 'routed', 'escalated');
