-- Learning from use (#16): a learner's phrasing picked among the "did you mean" buttons, or marked "this helped",
-- joins its entry at once as a 'learned' variant; the tutor sees it on the knowledge base page and keeps it
-- ('approved') or removes it ('rejected', which takes it out of the entry). 'pending' stays for suggestions made
-- before this migration.
ALTER TABLE supportbot.faq_variant_suggestions DROP CONSTRAINT faq_variant_suggestions_status_check;
ALTER TABLE supportbot.faq_variant_suggestions
    ADD CONSTRAINT faq_variant_suggestions_status_check CHECK (status IN ('pending', 'learned', 'approved', 'rejected'));
