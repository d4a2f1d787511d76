-- The nightly miss clusters read a day's questions the FAQ did not settle: no match, buttons, or an answer taken back
-- with "not quite" (#16). The partial index on no_match alone no longer covers them; this one holds only those rows.
CREATE INDEX faq_queries_unsettled ON supportbot.faq_queries (created_at)
    WHERE outcome IN ('no_match', 'ambiguous') OR feedback = 'not_quite';
DROP INDEX supportbot.faq_queries_misses;
