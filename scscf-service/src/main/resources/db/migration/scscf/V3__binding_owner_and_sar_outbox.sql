-- Issue 11 finding 4 (S-CSCF failure survivability).
--
-- Each binding names the S-CSCF that owns it (its Server-Name, as the HSS stores it): S-CSCF instances share
-- this database, and each one sweeps only its own bindings and sends SAR only under its own name. A binding
-- written before this migration belongs to nobody in particular: '' is swept by no owner and removed as an
-- orphan (see scscf.registrar.orphan-grace).
ALTER TABLE registration_binding ADD COLUMN owner VARCHAR(512) NOT NULL DEFAULT '';
ALTER TABLE registration_binding ALTER COLUMN owner DROP DEFAULT;

CREATE INDEX registration_binding_owner_expiry ON registration_binding (owner, expires_at);

-- SARs that must reach the HSS (TS 29.228 §6.1.2: TIMEOUT_DEREGISTRATION, USER_DEREGISTRATION,
-- AUTHENTICATION_FAILURE, AUTHENTICATION_TIMEOUT, ADMINISTRATIVE_DEREGISTRATION). Written in the transaction of
-- the change that causes them, deleted when the HSS answers (positively or with a Cx cause), retried with
-- exponential back-off while it cannot be reached or fails (5xx). Instances claim due entries with a lease.
CREATE TABLE sar_outbox (
    id              BIGSERIAL    PRIMARY KEY,
    server_name     VARCHAR(512) NOT NULL,
    impu            VARCHAR(512) NOT NULL,
    impi            VARCHAR(320) NOT NULL,
    assignment_type VARCHAR(48)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    last_error      VARCHAR(512)
);

CREATE INDEX sar_outbox_due ON sar_outbox (server_name, next_attempt_at);
CREATE INDEX sar_outbox_impu ON sar_outbox (impu);
