-- Trusted serviceUrls expire and say how they were trusted (#17 item 12): the channel and the issuer
-- of the token that brought the URL last; rows written before this say 'unknown'.
ALTER TABLE supportbot.trusted_service_urls ADD COLUMN trusted_by text NOT NULL DEFAULT 'unknown';
