-- Nudges (#6): who was nudged when, for the monthly cap.
CREATE TABLE supportbot.nudges (
    person_id   uuid NOT NULL REFERENCES supportbot.people (id) ON DELETE CASCADE,
    nudged_on   date NOT NULL,
    channel     text NOT NULL CHECK (channel IN ('email', 'chat')),
    PRIMARY KEY (person_id, nudged_on)
);
