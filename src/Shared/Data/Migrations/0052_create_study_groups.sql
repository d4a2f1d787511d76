-- Study groups (#8) after matching: proposals, consent, membership. Owned by Shared/StudyGroups/Groups.
-- A group starts 'proposed'; it becomes 'active' once every member accepted, and 'dissolved' when a
-- member declines, the proposal expires, or fewer than two members remain.
CREATE TABLE supportbot.study_groups (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    module_id       text NOT NULL REFERENCES supportbot.modules (id),
    language        text NOT NULL CHECK (language IN ('fr', 'en')),
    status          text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'active', 'dissolved')),
    -- The weekly time every member shared when matched, as UTC week intervals
    -- ([{"fromMinute":600,"toMinute":780}], minutes after Monday 00:00 UTC) of week_start_utc.
    shared_time     jsonb NOT NULL,
    week_start_utc  timestamptz NOT NULL,
    round_id        uuid NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    activated_at    timestamptz,
    dissolved_at    timestamptz,
    dissolved_reason text CHECK (dissolved_reason IN ('declined', 'expired', 'too_few_left'))
);
CREATE INDEX study_groups_open ON supportbot.study_groups (module_id) WHERE status IN ('proposed', 'active');

-- Each member's answer. 'declined' and 'left' are kept so nobody is proposed again to the people
-- they turned down or left.
CREATE TABLE supportbot.study_group_members (
    group_id      uuid NOT NULL REFERENCES supportbot.study_groups (id) ON DELETE CASCADE,
    person_id     uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    status        text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'accepted', 'declined', 'left')),
    reminders     boolean NOT NULL DEFAULT true,
    invited_at    timestamptz NOT NULL DEFAULT now(),
    responded_at  timestamptz,
    left_at       timestamptz,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX study_group_members_person ON supportbot.study_group_members (person_id);
