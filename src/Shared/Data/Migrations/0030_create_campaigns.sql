-- Tutors' encouragement campaigns (#6). A campaign names an audience and a bilingual message; each
-- date it runs on is an occurrence; each occurrence has one delivery per recipient, due at the
-- recipient's own local time. The audience is resolved when an occurrence comes up, not before.
CREATE TABLE supportbot.campaigns (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                text NOT NULL,
    module_id           text REFERENCES supportbot.modules (id),
    created_by          uuid REFERENCES supportbot.people (id) ON DELETE SET NULL,
    audience_kind       text NOT NULL CHECK (audience_kind IN ('module', 'cohort', 'inactive', 'volunteers', 'explicit')),
    audience_cohort     text,
    audience_inactive_days int CHECK (audience_inactive_days > 0),
    audience_people     uuid[] NOT NULL DEFAULT '{}',
    subject_fr          text NOT NULL,
    body_fr             text NOT NULL,
    subject_en          text NOT NULL,
    body_en             text NOT NULL,
    channel             text NOT NULL CHECK (channel IN ('chat_else_email', 'email')),
    schedule_kind       text NOT NULL CHECK (schedule_kind IN ('once', 'weekly', 'exam')),
    local_time          time NOT NULL,
    local_date          date,               -- once: the day; weekly: the first day it may run
    weekday             int CHECK (weekday BETWEEN 0 AND 6),   -- weekly: 0 = Sunday
    days_before_exam    int CHECK (days_before_exam >= 0),
    until_date          date,               -- weekly: last day it may run
    status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'paused', 'cancelled', 'done')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_active ON supportbot.campaigns (status) WHERE status = 'scheduled';

-- One row per date a campaign runs on. resolved_after is the keyset cursor of the audience
-- resolution (by person id), so a crashed dispatcher resumes where it stopped.
CREATE TABLE supportbot.campaign_occurrences (
    campaign_id     uuid NOT NULL REFERENCES supportbot.campaigns (id) ON DELETE CASCADE,
    occurrence      date NOT NULL,
    local_time      time NOT NULL,
    resolved_after  uuid,
    resolved_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, occurrence)
);

-- One row per occurrence and recipient. due -> queued (a batch job was enqueued) -> sending (a job
-- holds it until claimed_until) -> sent / failed / skipped_*; the send log key
-- campaign:<id>:<person>:<occurrence> is what makes a re-run send nothing twice.
CREATE TABLE supportbot.campaign_deliveries (
    campaign_id     uuid NOT NULL,
    occurrence      date NOT NULL,
    person_id       uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    due_at          timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'due'
                    CHECK (status IN ('due', 'queued', 'sending', 'sent', 'failed', 'skipped_opted_out', 'skipped_bouncing', 'cancelled')),
    channel         text CHECK (channel IN ('email', 'chat')),
    queued_at       timestamptz,
    claimed_until   timestamptz,
    attempts        int NOT NULL DEFAULT 0,
    detail          text,
    sent_at         timestamptz,
    PRIMARY KEY (campaign_id, occurrence, person_id),
    FOREIGN KEY (campaign_id, occurrence) REFERENCES supportbot.campaign_occurrences (campaign_id, occurrence) ON DELETE CASCADE
);
CREATE INDEX campaign_deliveries_due ON supportbot.campaign_deliveries (due_at) WHERE status = 'due';
CREATE INDEX campaign_deliveries_open ON supportbot.campaign_deliveries (campaign_id, occurrence, person_id)
    WHERE status IN ('queued', 'sending');
