package org.webrtcims.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the client a bearer token belongs to. Tokens are held as SHA-256 digests and every candidate is
 * compared with {@link MessageDigest#isEqual} without early exit, so the time taken does not depend on how
 * much of a token was right nor on which client matched.
 */
public final class BearerTokenRegistry {

    /** Shorter tokens are refused at start-up: they could be guessed online. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private record Entry(byte[] tokenDigest, ApiClient client) {
    }

    private final List<Entry> entries;

    public BearerTokenRegistry(List<ApiAuthProperties.Client> clients) {
        Set<String> names = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        this.entries = clients.stream().map(c -> {
            if (c.name() == null || c.name().isBlank()) {
                throw new IllegalArgumentException("api-auth client without a name");
            }
            if (c.role() == null) {
                throw new IllegalArgumentException("api-auth client '" + c.name() + "' has no role");
            }
            if (c.token() == null || c.token().length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("api-auth client '" + c.name() + "' needs a token of at least "
                        + MIN_TOKEN_LENGTH + " characters");
            }
            if (c.scopes().contains("*")) {
                throw new IllegalArgumentException("api-auth client '" + c.name() + "': the scope '*' is no longer "
                        + "accepted; list the WWSF identities (SYNC) or Server-Names (S_CSCF) it may use");
            }
            if ((c.role() == ApiRole.SYNC || c.role() == ApiRole.S_CSCF) && c.scopes().isEmpty()) {
                throw new IllegalArgumentException("api-auth client '" + c.name() + "' of role " + c.role()
                        + " needs scopes: the " + (c.role() == ApiRole.SYNC ? "WWSF identities" : "Server-Names")
                        + " it may use");
            }
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("api-auth client name '" + c.name() + "' is used twice");
            }
            if (!tokens.add(c.token())) {
                throw new IllegalArgumentException("api-auth client '" + c.name() + "' reuses another client's token");
            }
            return new Entry(sha256(c.token()), new ApiClient(c.name(), c.role(), c.scopes()));
        }).toList();
    }

    public Optional<ApiClient> authenticate(String presentedToken) {
        if (presentedToken == null || presentedToken.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(presentedToken);
        ApiClient found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.tokenDigest(), presented)) {
                found = entry.client();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
