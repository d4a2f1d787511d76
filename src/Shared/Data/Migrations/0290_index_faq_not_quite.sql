-- The tutor's knowledge page counts, for each phrasing waiting for review, the "not quite" its answers got (#16):
-- few rows, among every query ever logged, so a partial index finds them without reading the log.
CREATE INDEX faq_queries_not_quite ON supportbot.faq_queries (entry_id, lower(query)) WHERE feedback = 'not_quite';
