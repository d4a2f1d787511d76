-- Courses, modules and the people around them. A person may be a learner, a volunteer, a tutor or
-- several at once; the roles live in their own tables so consent (volunteering) stays explicit.
CREATE TABLE supportbot.courses (
    id          text PRIMARY KEY,
    title       text NOT NULL
);

CREATE TABLE supportbot.modules (
    id          text PRIMARY KEY,
    course_id   text NOT NULL REFERENCES supportbot.courses (id),
    title       text NOT NULL,
    exam_date   date
);

CREATE TABLE supportbot.people (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    external_id   text UNIQUE,
    display_name  text NOT NULL,
    email         text NOT NULL,
    locale        text NOT NULL DEFAULT 'fr',
    time_zone     text NOT NULL DEFAULT 'Europe/Paris',
    is_admin      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    erased_at     timestamptz
);
CREATE UNIQUE INDEX people_email_key ON supportbot.people (lower(email)) WHERE erased_at IS NULL;

-- A learner is a person enrolled in at least one module.
CREATE TABLE supportbot.enrolments (
    person_id   uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    module_id   text NOT NULL REFERENCES supportbot.modules (id),
    cohort      text,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, module_id)
);

CREATE TABLE supportbot.module_tutors (
    person_id   uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    module_id   text NOT NULL REFERENCES supportbot.modules (id),
    PRIMARY KEY (person_id, module_id)
);

CREATE TABLE supportbot.volunteers (
    person_id            uuid PRIMARY KEY REFERENCES supportbot.people (id) ON DELETE CASCADE,
    topics               text[] NOT NULL DEFAULT '{}',
    max_questions_week   int NOT NULL DEFAULT 3 CHECK (max_questions_week > 0),
    quiet_from           time,
    quiet_until          time,
    paused_until         date,
    opted_in_at          timestamptz NOT NULL DEFAULT now(),
    opted_in_via         text NOT NULL CHECK (opted_in_via IN ('chat', 'tutor', 'import')),
    revoked_at           timestamptz
);
