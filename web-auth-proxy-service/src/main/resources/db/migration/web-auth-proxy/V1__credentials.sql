-- Digest credentials synchronized from the third-party web authentication service (profile §4.6, §5.4).
-- One row per (WWSF identity, Web identity). H(A1) is password-equivalent for its realm (RFC 2617 §4.13):
-- each one is stored AES-256-GCM encrypted, with the id of the key that sealed the row's values.
CREATE TABLE credential (
    id                          BIGSERIAL    PRIMARY KEY,
    wwsf_identity               VARCHAR(253) NOT NULL,
    web_identity                VARCHAR(320) NOT NULL,
    realm                       VARCHAR(253) NOT NULL,
    qop                         VARCHAR(32)  NOT NULL,
    credential_version          BIGINT       NOT NULL CHECK (credential_version >= 0),
    -- version this row had before its last update, NULL while never updated (read back by the upsert)
    previous_credential_version BIGINT,
    key_id                      VARCHAR(64)  NOT NULL,
    ha1_md5                     BYTEA,
    ha1_sha256                  BYTEA,
    ha1_sha512_256              BYTEA,
    synced_at                   TIMESTAMPTZ  NOT NULL,
    synced_by                   VARCHAR(128) NOT NULL,
    revoked_at                  TIMESTAMPTZ,
    CONSTRAINT credential_identity_unique UNIQUE (wwsf_identity, web_identity),
    CONSTRAINT credential_has_a_vector CHECK (ha1_md5 IS NOT NULL OR ha1_sha256 IS NOT NULL
                                              OR ha1_sha512_256 IS NOT NULL)
);

CREATE INDEX credential_key_id ON credential (key_id);

-- Every credential change: who, what, old and new version, when. Never the H(A1).
CREATE TABLE credential_audit (
    id            BIGSERIAL    PRIMARY KEY,
    occurred_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor         VARCHAR(128) NOT NULL,
    action        VARCHAR(16)  NOT NULL CHECK (action IN ('CREATED', 'UPDATED', 'REVOKED')),
    wwsf_identity VARCHAR(253) NOT NULL,
    web_identity  VARCHAR(320) NOT NULL,
    old_version   BIGINT,
    new_version   BIGINT,
    algorithms    VARCHAR(64)
);

CREATE INDEX credential_audit_identity ON credential_audit (wwsf_identity, web_identity, id);

-- Append-only: rows can be added, never changed or removed.
CREATE FUNCTION credential_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credential_audit is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER credential_audit_no_update_or_delete
    BEFORE UPDATE OR DELETE ON credential_audit
    FOR EACH ROW EXECUTE FUNCTION credential_audit_is_append_only();

CREATE TRIGGER credential_audit_no_truncate
    BEFORE TRUNCATE ON credential_audit
    FOR EACH STATEMENT EXECUTE FUNCTION credential_audit_is_append_only();
