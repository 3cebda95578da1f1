-- Issue 11: lockout per (private identity, source address) plus a higher per-identity threshold; attempts are
-- counted atomically before the digest is verified. The identity-wide row has source '*'. Rows of V1 become
-- identity-wide rows (their count is kept).
ALTER TABLE auth_lockout RENAME COLUMN failures TO attempts;
ALTER TABLE auth_lockout ADD COLUMN source VARCHAR(64) NOT NULL DEFAULT '*';
ALTER TABLE auth_lockout ALTER COLUMN source DROP DEFAULT;
ALTER TABLE auth_lockout DROP CONSTRAINT auth_lockout_pkey;
ALTER TABLE auth_lockout ADD PRIMARY KEY (impi, source);
