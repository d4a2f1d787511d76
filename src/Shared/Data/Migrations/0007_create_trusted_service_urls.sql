-- serviceUrls seen on authenticated requests to /api/messages: the only hosts (besides
-- Bot:AllowedServiceUrls) the bot sends its Connector token to. Shared by every instance and
-- kept across restarts, so a proactive send works before the channel calls again.
CREATE TABLE supportbot.trusted_service_urls (
    service_url    text PRIMARY KEY,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now()
);
