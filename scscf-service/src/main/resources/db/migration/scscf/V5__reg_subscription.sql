-- Issue 13: subscriptions to the reg event package (RFC 3680, profile §7.4) for which this S-CSCF is the
-- notifier. In PostgreSQL like the bindings, so a restarted or second S-CSCF instance keeps notifying them. One
-- row holds the notifier's side of the SUBSCRIBE dialog (RFC 3261 §12.1.1, RFC 6665 §4.2.1); version is the
-- reginfo version of the last NOTIFY sent (RFC 3680 §5), its CSeq is version + 1.
CREATE TABLE reg_subscription (
    id            BIGSERIAL     PRIMARY KEY,
    -- the Request-URI of the SUBSCRIBE: an IMPU of the watched registration's implicit set
    impu          VARCHAR(512)  NOT NULL,
    call_id       VARCHAR(256)  NOT NULL,
    -- this notifier's tag (To of the SUBSCRIBE, From of the NOTIFYs) and the subscriber's
    local_tag     VARCHAR(64)   NOT NULL,
    remote_tag    VARCHAR(128)  NOT NULL,
    local_uri     VARCHAR(1024) NOT NULL,
    remote_uri    VARCHAR(1024) NOT NULL,
    -- the subscriber's Contact (Request-URI of the NOTIFYs) and the Record-Route entries in order, one per line
    remote_target VARCHAR(1024) NOT NULL,
    route_set     TEXT          NOT NULL,
    event         VARCHAR(256)  NOT NULL,
    subscriber    VARCHAR(512)  NOT NULL,
    version       INT           NOT NULL,
    expires_at    TIMESTAMPTZ   NOT NULL,
    CONSTRAINT reg_subscription_dialog UNIQUE (call_id, local_tag)
);

CREATE INDEX reg_subscription_impu ON reg_subscription (impu);
CREATE INDEX reg_subscription_expiry ON reg_subscription (expires_at);
