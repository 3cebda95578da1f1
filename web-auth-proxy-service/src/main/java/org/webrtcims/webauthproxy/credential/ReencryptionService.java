package org.webrtcims.webauthproxy.credential;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.webrtcims.db.DatabaseScheduler;

import reactor.core.publisher.Mono;

/**
 * Key rotation: re-seals every row still sealed with a retired (but still configured) key with the active
 * key, a few hundred rows per transaction, skipping rows another writer holds. Rows sealed with a key that is
 * no longer configured cannot be opened; they are counted, not touched.
 */
@Service
public class ReencryptionService {

    private static final Logger log = LoggerFactory.getLogger(ReencryptionService.class);
    private static final int CHUNK = 500;

    /** @param reencrypted rows moved to the active key; @param unreadable rows whose key is not configured */
    public record Report(String activeKeyId, long reencrypted, long unreadable) {
    }

    private record Row(long id, CredentialKey key, SealedVectors sealed) {
    }

    private final JdbcTemplate jdbc;
    private final VectorVault vault;
    private final TransactionTemplate transactions;
    private final DatabaseScheduler database;

    public ReencryptionService(JdbcTemplate jdbc, VectorVault vault, TransactionTemplate transactions,
                               DatabaseScheduler database) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.transactions = transactions;
        this.database = database;
    }

    public Mono<Report> reencryptAll() {
        return database.call(() -> {
            long total = 0;
            int moved;
            do {
                moved = transactions.execute(tx -> reencryptChunk());
                total += moved;
            } while (moved == CHUNK);
            Long unreadable = jdbc.queryForObject(
                    "SELECT count(*) FROM credential WHERE NOT (key_id = ANY (?::text[]))", Long.class,
                    (Object) vault.keyIds().toArray(String[]::new));
            log.info("Re-encrypted {} credentials with key {}; {} sealed with unknown keys", total,
                    vault.activeKeyId(), unreadable);
            return new Report(vault.activeKeyId(), total, unreadable == null ? 0 : unreadable);
        });
    }

    private int reencryptChunk() {
        String[] retired = vault.keyIds().stream().filter(id -> !id.equals(vault.activeKeyId()))
                .toArray(String[]::new);
        if (retired.length == 0) {
            return 0;
        }
        List<Row> rows = jdbc.query("""
                        SELECT id, wwsf_identity, web_identity, key_id, ha1_md5, ha1_sha256, ha1_sha512_256
                        FROM credential WHERE key_id = ANY (?::text[])
                        ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
                (rs, i) -> new Row(rs.getLong(1), new CredentialKey(rs.getString(2), rs.getString(3)),
                        new SealedVectors(rs.getString(4), rs.getBytes(5), rs.getBytes(6), rs.getBytes(7))),
                retired, CHUNK);
        List<Object[]> updates = new ArrayList<>(rows.size());
        for (Row row : rows) {
            SealedVectors resealed = vault.seal(row.key(), vault.open(row.key(), row.sealed()));
            updates.add(new Object[] {resealed.keyId(), resealed.md5(), resealed.sha256(), resealed.sha512_256(),
                    row.id()});
        }
        jdbc.batchUpdate("UPDATE credential SET key_id = ?, ha1_md5 = ?, ha1_sha256 = ?, ha1_sha512_256 = ? "
                + "WHERE id = ?", updates);
        return rows.size();
    }
}
