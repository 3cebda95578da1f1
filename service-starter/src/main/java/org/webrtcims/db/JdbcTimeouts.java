package org.webrtcims.db;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The pgjdbc connection properties that bound every statement and socket wait (pure logic, no pool): what to add
 * to a pool's data-source properties given the JDBC URL and what the operator already set. A property set in
 * the URL or in the data-source properties is left alone; {@code statement_timeout} is appended to an existing
 * {@code options} value unless it already names one.
 */
public final class JdbcTimeouts {

    private JdbcTimeouts() {
    }

    /** The properties to set (name → value); empty when everything is already configured. */
    public static Map<String, String> missing(String jdbcUrl, Properties existing, DatabaseTimeoutProperties limits) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        Map<String, String> add = new LinkedHashMap<>();
        // pgjdbc: socketTimeout and connectTimeout in seconds, 0 = none; round a sub-second value up, never to 0
        putUnlessSet(add, url, existing, "socketTimeout", seconds(limits.socket()));
        putUnlessSet(add, url, existing, "connectTimeout", seconds(limits.connect()));
        if (!url.contains("statement_timeout") && !url.contains("options=")) {
            String options = existing.getProperty("options");
            if (options == null || !options.contains("statement_timeout")) {
                String setting = "-c statement_timeout=" + limits.statement().toMillis();
                add.put("options", options == null || options.isBlank() ? setting : options + " " + setting);
            }
        }
        return add;
    }

    private static void putUnlessSet(Map<String, String> add, String url, Properties existing, String name,
                                     String value) {
        if (!url.contains(name.toLowerCase(Locale.ROOT) + "=") && existing.getProperty(name) == null) {
            add.put(name, value);
        }
    }

    static String seconds(java.time.Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return "0";
        }
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
