package org.webrtcims.testdb;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database and the account to use it with.
 *
 * @param url      {@code jdbc:postgresql://host[:port]/database[?parameters]}
 * @param user     the account
 * @param password its password (may be empty)
 */
public record JdbcTarget(String url, String user, String password) {

    private static final Pattern POSTGRES_URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");

    public JdbcTarget {
        Objects.requireNonNull(url, "url");
        if (!POSTGRES_URL.matcher(url).matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + url);
        }
        user = user == null || user.isBlank() ? "postgres" : user;
        password = password == null ? "" : password;
    }

    /** The same server, account and parameters, another database. */
    public JdbcTarget withDatabase(String database) {
        Matcher m = POSTGRES_URL.matcher(url);
        m.matches();
        return new JdbcTarget(m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3)), user, password);
    }

    // Rule: no secret in logs.
    @Override
    public String toString() {
        return "JdbcTarget[" + url + ", user=" + user + ", password=<redacted>]";
    }
}
