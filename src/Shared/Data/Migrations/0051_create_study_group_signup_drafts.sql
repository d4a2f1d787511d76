-- Study groups (#8): where each learner is in the chat's sign-up dialog, one draft per person, so
-- any bot instance can take the next turn. Owned by Shared/StudyGroups/SignUp. Deleted when the
-- learner confirms, cancels or withdraws; older than an hour, it is ignored.
CREATE TABLE supportbot.study_group_signup_drafts (
    person_id    uuid PRIMARY KEY REFERENCES supportbot.people (id) ON DELETE CASCADE,
    purpose      text NOT NULL CHECK (purpose IN ('sign_up', 'availability')),
    step         text NOT NULL CHECK (step IN ('module', 'size', 'language', 'availability', 'confirm', 'review')),
    module_id    text REFERENCES supportbot.modules (id),
    group_size   int CHECK (group_size BETWEEN 3 AND 6),
    language     text CHECK (language IN ('fr', 'en')),
    slots        jsonb,                  -- parsed, waiting for the learner's yes
    source_text  text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
