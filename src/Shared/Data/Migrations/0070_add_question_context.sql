-- Every question knows its module and topic (#14), and every recipient knows why they got it.

-- Words learners use for a module besides its title ("RECHERCHEV", "tableur"...): the module of a
-- question that names none is read from them.
ALTER TABLE supportbot.modules ADD COLUMN keywords text[] NOT NULL DEFAULT '{}';

-- Former learners of a module who volunteer for it: they have no enrolment any more, yet routing
-- counts them among the module's volunteers.
CREATE TABLE supportbot.module_alumni (
    person_id   uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    module_id   text NOT NULL REFERENCES supportbot.modules (id),
    PRIMARY KEY (person_id, module_id)
);

-- The module the signed link opened the chat from (the course page of that module), when it named one.
ALTER TABLE supportbot.directline_conversations ADD COLUMN module_id text REFERENCES supportbot.modules (id);

-- How the module and topic were found: link, teams, enrolment, text, learner (a button), tutor
-- (a correction, kept for learning); topic: knowledge (closest entry), tutor.
ALTER TABLE supportbot.questions
    ADD COLUMN module_source text,
    ADD COLUMN topic_source text;

-- Why this person got the question: peer (a volunteer of the module), no_volunteer (none available:
-- straight to the tutors), escalation (nobody answered in time), still_stuck (the learner reopened
-- it and no other volunteer was available), assigned (a tutor chose them).
ALTER TABLE supportbot.question_recipients ADD COLUMN reason text;

-- Tutor corrections of a question's module or topic, kept for learning what the bot got wrong.
CREATE TABLE supportbot.question_corrections (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id   uuid NOT NULL REFERENCES supportbot.questions (id) ON DELETE CASCADE,
    field         text NOT NULL CHECK (field IN ('module', 'topic')),
    old_value     text,
    new_value     text,
    old_source    text,
    corrected_by  uuid REFERENCES supportbot.people (id) ON DELETE SET NULL,
    corrected_at  timestamptz NOT NULL DEFAULT now()
);
