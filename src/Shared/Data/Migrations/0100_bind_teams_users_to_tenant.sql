-- Issue 17: a Teams user is an Entra object id *within a tenant*; another tenant presenting the
-- same object id is someone else. The rows so far are a cache of what the Connector said (no
-- tenant recorded): they are dropped, and each user is looked up again, in their own tenant, on
-- their next turn.
DELETE FROM supportbot.teams_users;
ALTER TABLE supportbot.teams_users DROP CONSTRAINT teams_users_pkey;
ALTER TABLE supportbot.teams_users ADD COLUMN tenant_id text NOT NULL;
ALTER TABLE supportbot.teams_users ADD PRIMARY KEY (tenant_id, aad_object_id);
