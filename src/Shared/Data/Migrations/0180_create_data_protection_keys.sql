-- ASP.NET Core Data Protection's key ring (it signs the tutor cookie and antiforgery tokens): kept
-- here so they survive a restart and every bot host of a scaled-out deployment reads the same keys.
CREATE TABLE supportbot.data_protection_keys (
    friendly_name text PRIMARY KEY,
    xml           text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
