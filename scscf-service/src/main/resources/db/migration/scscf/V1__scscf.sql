-- S-CSCF state that must survive a restart and be shared by S-CSCF instances (profile §7, issue "I-CSCF and
-- S-CSCF"): registration bindings and authentication-failure lockouts. Auth contexts stay in memory.

CREATE TABLE registration_binding (
    id              BIGSERIAL     PRIMARY KEY,
    impu            VARCHAR(512)  NOT NULL,
    impi            VARCHAR(320)  NOT NULL,
    contact_uri     VARCHAR(1024) NOT NULL,
    -- Contact header parameters other than expires (+sip.instance, reg-id, +sip.ice …), echoed in 200 OK
    contact_params  VARCHAR(1024) NOT NULL,
    instance_id     VARCHAR(256),
    reg_id          INT,
    -- Path header values in order, one per line (RFC 3327)
    path            TEXT          NOT NULL,
    call_id         VARCHAR(256)  NOT NULL,
    cseq            BIGINT        NOT NULL,
    wwsf_identity   VARCHAR(253),
    associated_uris TEXT          NOT NULL,
    expires_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    CONSTRAINT registration_binding_contact UNIQUE (impu, contact_uri)
);

CREATE INDEX registration_binding_expiry ON registration_binding (expires_at);

-- profile §6 row 17: 5 failures in 15 minutes per private identity lock it for 15 minutes
CREATE TABLE auth_lockout (
    impi         VARCHAR(320) PRIMARY KEY,
    failures     INT          NOT NULL,
    window_start TIMESTAMPTZ  NOT NULL,
    locked_until TIMESTAMPTZ
);
