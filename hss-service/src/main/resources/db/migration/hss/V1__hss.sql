-- HSS data (profile §2, §5.2, §5.4): WWSFs, subscriptions with their IMPUs, web identity mappings,
-- per-IMPU registration state, the outbox of deregistration notices (RTR) and the admin audit.

CREATE TABLE wwsf (
    identity         VARCHAR(253) PRIMARY KEY,
    realm            VARCHAR(253) NOT NULL,
    algorithm_policy VARCHAR(16)  NOT NULL CHECK (algorithm_policy IN ('MD5_ONLY', 'SHA256_FIRST')),
    enabled          BOOLEAN      NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);

CREATE TABLE wwsf_origin (
    wwsf_identity VARCHAR(253) NOT NULL REFERENCES wwsf (identity) ON DELETE CASCADE,
    origin        VARCHAR(512) NOT NULL,
    PRIMARY KEY (wwsf_identity, origin)
);

CREATE TABLE subscription (
    id               VARCHAR(128) PRIMARY KEY,
    private_identity VARCHAR(320),
    enabled          BOOLEAN      NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);

-- an IMPU belongs to exactly one subscription
CREATE TABLE subscription_impu (
    impu            VARCHAR(512) PRIMARY KEY,
    subscription_id VARCHAR(128) NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    barred          BOOLEAN      NOT NULL,
    is_default      BOOLEAN      NOT NULL,
    position        INT          NOT NULL
);

CREATE INDEX subscription_impu_subscription ON subscription_impu (subscription_id);

CREATE TABLE subscription_allowed_wwsf (
    subscription_id VARCHAR(128) NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    wwsf_identity   VARCHAR(253) NOT NULL,
    PRIMARY KEY (subscription_id, wwsf_identity)
);

CREATE TABLE subscription_allowed_waf (
    subscription_id VARCHAR(128) NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    waf_name        VARCHAR(253) NOT NULL,
    PRIMARY KEY (subscription_id, waf_name)
);

-- (WWSF identity, Web identity) → IMPU of a subscription (D5)
CREATE TABLE web_identity_mapping (
    id              BIGSERIAL    PRIMARY KEY,
    wwsf_identity   VARCHAR(253) NOT NULL REFERENCES wwsf (identity),
    web_identity    VARCHAR(320) NOT NULL,
    impu            VARCHAR(512) NOT NULL REFERENCES subscription_impu (impu),
    subscription_id VARCHAR(128) NOT NULL REFERENCES subscription (id),
    enabled         BOOLEAN      NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT web_identity_mapping_pair UNIQUE (wwsf_identity, web_identity)
);

CREATE INDEX web_identity_mapping_impu ON web_identity_mapping (impu, id);
CREATE INDEX web_identity_mapping_subscription ON web_identity_mapping (subscription_id);

-- TS 29.228 §6.1/6.3: registration state, serving S-CSCF and the authentication-pending flag per IMPU
CREATE TABLE impu_registration (
    impu             VARCHAR(512) PRIMARY KEY REFERENCES subscription_impu (impu) ON DELETE CASCADE,
    state            VARCHAR(16)  NOT NULL CHECK (state IN ('NOT_REGISTERED', 'REGISTERED', 'UNREGISTERED')),
    scscf_name       VARCHAR(512),
    private_identity VARCHAR(320),
    auth_pending     BOOLEAN      NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);

-- RTR callbacks toward S-CSCFs, kept until delivered (retried with back-off while the S-CSCF is down)
CREATE TABLE deregistration_notice (
    id              BIGSERIAL    PRIMARY KEY,
    scscf_name      VARCHAR(512) NOT NULL,
    impi            VARCHAR(320),
    impus           TEXT         NOT NULL,
    reason_code     VARCHAR(32)  NOT NULL,
    reason_info     VARCHAR(256),
    created_at      TIMESTAMPTZ  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ,
    last_error      VARCHAR(512)
);

CREATE INDEX deregistration_notice_due ON deregistration_notice (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE admin_audit (
    id          BIGSERIAL    PRIMARY KEY,
    occurred_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor       VARCHAR(128) NOT NULL,
    action      VARCHAR(48)  NOT NULL,
    target      VARCHAR(600) NOT NULL,
    detail      VARCHAR(1000)
);

CREATE INDEX admin_audit_target ON admin_audit (target, id);

CREATE FUNCTION admin_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'admin_audit is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER admin_audit_no_update_or_delete
    BEFORE UPDATE OR DELETE ON admin_audit
    FOR EACH ROW EXECUTE FUNCTION admin_audit_is_append_only();

CREATE TRIGGER admin_audit_no_truncate
    BEFORE TRUNCATE ON admin_audit
    FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_is_append_only();
