package org.webrtcims.webauthproxy.credential;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads one credential by its key with a single indexed query: the fetch API's hot path, kept free of ORM
 * work (profile §5.3 asks for thousands of fetches a second).
 */
@Component
public class CredentialReader {

    private final JdbcTemplate jdbc;

    public CredentialReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredCredential> find(String wwsfIdentity, String webIdentity) {
        List<StoredCredential> rows = jdbc.query("""
                        SELECT realm, qop, credential_version, key_id, ha1_md5, ha1_sha256, ha1_sha512_256, synced_at,
                               revoked_at
                        FROM credential WHERE wwsf_identity = ? AND web_identity = ?""",
                (rs, i) -> new StoredCredential(new CredentialKey(wwsfIdentity, webIdentity), rs.getString(1),
                        rs.getString(2), rs.getLong(3),
                        new SealedVectors(rs.getString(4), rs.getBytes(5), rs.getBytes(6), rs.getBytes(7)),
                        rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class)),
                wwsfIdentity, webIdentity);
        return rows.stream().findFirst();
    }
}
