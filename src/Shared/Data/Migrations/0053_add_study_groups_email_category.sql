-- Study-group emails (#8) carry a one-click unsubscribe like the others: their own category.
ALTER TABLE supportbot.email_preferences DROP CONSTRAINT email_preferences_category_check;
ALTER TABLE supportbot.email_preferences ADD CONSTRAINT email_preferences_category_check
    CHECK (category IN ('routed_questions', 'campaigns', 'digests', 'nudges', 'study_groups'));
