-- The Cx API answers from memory (hss-service/README.md, "In-memory model"). Every HSS instance learns what any
-- writer (another HSS instance, a migration, an operator's psql) commits through LISTEN/NOTIFY:
--   channel hss_provisioning, payload '<schema> <version>'       once per transaction changing provisioning data;
--                                                               the changed keys are in provisioning_change
--   channel hss_registration, payload '<schema> <row_version> <impu>' per changed impu_registration row
-- (the schema is in the payload because several schemas may share one database, e.g. in tests).

-- Which keys a provisioning version changed, so that an instance reloads only those. Kinds: W = WWSF identity,
-- S = subscription id, M = web identity (its mappings), A = everything (TRUNCATE). Old rows are deleted by the
-- HSS (an instance further behind than what is kept reloads everything).
CREATE TABLE provisioning_change (
    version     BIGINT       NOT NULL,
    kind        CHAR(1)      NOT NULL,
    key         VARCHAR(512) NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX provisioning_change_version ON provisioning_change (version);

-- Still a deferred (commit-time) row trigger that raises the version once per transaction (V3); now it also
-- records the changed key under that version and notifies.
CREATE OR REPLACE FUNCTION raise_provisioning_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v BIGINT;
    k CHAR(1);
    old_key TEXT;
    new_key TEXT;
BEGIN
    IF current_setting('hss.provisioning_version_raised', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE provisioning_version SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
        PERFORM set_config('hss.provisioning_version_raised', txid_current()::text, true);
        PERFORM set_config('hss.provisioning_version_value', v::text, true);
        PERFORM pg_notify('hss_provisioning', TG_TABLE_SCHEMA || ' ' || v);
    ELSE
        v := current_setting('hss.provisioning_version_value')::bigint;
    END IF;
    IF TG_LEVEL = 'STATEMENT' THEN
        INSERT INTO provisioning_change (version, kind, key) VALUES (v, 'A', TG_TABLE_NAME);
        RETURN NULL;
    END IF;
    CASE TG_TABLE_NAME
        WHEN 'wwsf' THEN
            k := 'W';
            IF TG_OP <> 'INSERT' THEN old_key := OLD.identity; END IF;
            IF TG_OP <> 'DELETE' THEN new_key := NEW.identity; END IF;
        WHEN 'wwsf_origin' THEN
            k := 'W';
            IF TG_OP <> 'INSERT' THEN old_key := OLD.wwsf_identity; END IF;
            IF TG_OP <> 'DELETE' THEN new_key := NEW.wwsf_identity; END IF;
        WHEN 'subscription' THEN
            k := 'S';
            IF TG_OP <> 'INSERT' THEN old_key := OLD.id; END IF;
            IF TG_OP <> 'DELETE' THEN new_key := NEW.id; END IF;
        WHEN 'web_identity_mapping' THEN
            k := 'M';
            IF TG_OP <> 'INSERT' THEN old_key := OLD.web_identity; END IF;
            IF TG_OP <> 'DELETE' THEN new_key := NEW.web_identity; END IF;
        ELSE -- subscription_impu, subscription_allowed_wwsf, subscription_allowed_waf
            k := 'S';
            IF TG_OP <> 'INSERT' THEN old_key := OLD.subscription_id; END IF;
            IF TG_OP <> 'DELETE' THEN new_key := NEW.subscription_id; END IF;
    END CASE;
    IF old_key IS NOT NULL THEN
        INSERT INTO provisioning_change (version, kind, key) VALUES (v, k, old_key);
    END IF;
    IF new_key IS NOT NULL AND new_key IS DISTINCT FROM old_key THEN
        INSERT INTO provisioning_change (version, kind, key) VALUES (v, k, new_key);
    END IF;
    RETURN NULL;
END;
$$;

-- Registration state: a per-row version from one sequence, set by every INSERT and UPDATE whoever writes it. Writers
-- of one row are serialized by its row lock, so a later committed state of an IMPU always has a larger number; an
-- instance keeps the newest it has seen and ignores older news.
CREATE SEQUENCE impu_registration_version;

ALTER TABLE impu_registration ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION impu_registration_versioned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.row_version := nextval('impu_registration_version');
    RETURN NEW;
END;
$$;

CREATE TRIGGER impu_registration_versioned
    BEFORE INSERT OR UPDATE ON impu_registration
    FOR EACH ROW EXECUTE FUNCTION impu_registration_versioned();

CREATE FUNCTION impu_registration_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('hss_registration',
                TG_TABLE_SCHEMA || ' ' || nextval('impu_registration_version') || ' ' || OLD.impu);
    ELSE
        PERFORM pg_notify('hss_registration', TG_TABLE_SCHEMA || ' ' || NEW.row_version || ' ' || NEW.impu);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER impu_registration_notify
    AFTER INSERT OR UPDATE OR DELETE ON impu_registration
    FOR EACH ROW EXECUTE FUNCTION impu_registration_notify();

CREATE FUNCTION impu_registration_truncate_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hss_registration', TG_TABLE_SCHEMA || ' ' || nextval('impu_registration_version') || ' *');
    RETURN NULL;
END;
$$;

CREATE TRIGGER impu_registration_truncate_notify
    AFTER TRUNCATE ON impu_registration
    FOR EACH STATEMENT EXECUTE FUNCTION impu_registration_truncate_notify();
