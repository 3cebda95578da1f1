-- A version of the provisioning data (WWSFs, subscriptions, IMPUs, mappings), raised by every transaction that
-- changes any of it, whoever makes the change (any HSS instance, a migration, an operator's psql). The Cx API
-- caches provisioning data per version and reads the version in the same statement as the IMPU's registration
-- state, so it never answers from data older than the last committed change (hss-service/README.md, "Caching").

CREATE TABLE provisioning_version (
    id      INT    PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);

INSERT INTO provisioning_version (id, version) VALUES (1, 0);

-- Raises the version once per transaction. Fired as a deferred (commit-time) row trigger: the version row is locked
-- only while the changing transaction commits, so concurrent admin transactions cannot deadlock on it.
CREATE FUNCTION raise_provisioning_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('hss.provisioning_version_raised', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE provisioning_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('hss.provisioning_version_raised', txid_current()::text, true);
    END IF;
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['wwsf', 'wwsf_origin', 'subscription', 'subscription_impu',
                             'subscription_allowed_wwsf', 'subscription_allowed_waf', 'web_identity_mapping'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_provisioning_version()',
                       t || '_raises_provisioning_version', t);
        -- TRUNCATE has no row triggers; a statement trigger raises the version at once
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION raise_provisioning_version()',
                       t || '_truncate_raises_provisioning_version', t);
    END LOOP;
END;
$$;
