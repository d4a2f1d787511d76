-- Earlier answers offered to a learner before their question goes to peers (#14): which answer, how
-- close the question was, and what the learner did. Measures the offers' precision in use.
CREATE TABLE supportbot.similar_answer_offers (
    question_id  uuid NOT NULL REFERENCES supportbot.questions (id) ON DELETE CASCADE,
    answer_id    uuid NOT NULL REFERENCES supportbot.answers (id) ON DELETE CASCADE,
    rank         int NOT NULL CHECK (rank IN (1, 2)),
    score        double precision NOT NULL,
    offered_at   timestamptz NOT NULL DEFAULT now(),
    outcome      text CHECK (outcome IN ('solved', 'asked_peers')),
    PRIMARY KEY (question_id, answer_id)
);

-- A question the learner said an earlier answer solved: resolved without being routed.
ALTER TABLE supportbot.questions ADD COLUMN solved_by_answer_id uuid REFERENCES supportbot.answers (id) ON DELETE SET NULL;
