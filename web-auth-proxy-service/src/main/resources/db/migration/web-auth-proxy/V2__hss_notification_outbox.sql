-- Credential changes the HSS must hear about (profile §5.4 POST /admin/v1/notifications/credential-changes):
-- written in the transaction of the change, delivered by HssNotifier until the HSS answers 2xx (then deleted:
-- the change itself stays in credential_audit), with exponential back-off while it does not. Instances claim
-- due rows with a lease (FOR UPDATE SKIP LOCKED), revocations first.
CREATE TABLE hss_notification (
    id              BIGSERIAL    PRIMARY KEY,
    wwsf_identity   VARCHAR(253) NOT NULL,
    web_identity    VARCHAR(320) NOT NULL,
    change          VARCHAR(16)  NOT NULL CHECK (change IN ('UPDATED', 'REVOKED')),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    last_error      VARCHAR(500)
);

CREATE INDEX hss_notification_due ON hss_notification (next_attempt_at);
