-- Study groups (#8): when each learner studies, and who opted in to a group for which module.
-- Owned by Shared/StudyGroups. Slots are in the person's own time zone (people.time_zone) as
-- JSON WeeklySlot values: [{"day":0,"fromMinute":840,"toMinute":1080}], day 0 = Sunday.
CREATE TABLE supportbot.study_availability (
    person_id     uuid PRIMARY KEY REFERENCES supportbot.people (id) ON DELETE CASCADE,
    slots         jsonb NOT NULL,
    source_text   text NOT NULL,          -- what the learner wrote, to show it back
    confirmed_at  timestamptz NOT NULL DEFAULT now()
);

-- Consent is per module and explicit; withdrawing keeps the row for the record.
CREATE TABLE supportbot.study_group_optins (
    person_id     uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    module_id     text NOT NULL REFERENCES supportbot.modules (id),
    group_size    int NOT NULL CHECK (group_size BETWEEN 3 AND 6),
    language      text NOT NULL CHECK (language IN ('fr', 'en')),
    opted_in_at   timestamptz NOT NULL DEFAULT now(),
    withdrawn_at  timestamptz,
    PRIMARY KEY (person_id, module_id)
);
CREATE INDEX study_group_optins_active ON supportbot.study_group_optins (module_id) WHERE withdrawn_at IS NULL;
