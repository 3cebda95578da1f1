package org.webrtcims.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;


/**
 * The one way tests get PostgreSQL. The server is chosen once per JVM, in this order:
 * <ol>
 *   <li>{@code IMS_TEST_JDBC_URL} (with {@code IMS_TEST_JDBC_USER}, {@code IMS_TEST_JDBC_PASSWORD}) from the
 *       environment or system properties: an existing server, e.g. a CI service container;</li>
 *   <li>Testcontainers with {@code IMS_TEST_POSTGRES_IMAGE} (default {@value #DEFAULT_IMAGE}, the image
 *       docker-compose.yml pins) when a Docker engine answers <em>and</em> that image is already present in it
 *       <em>and</em> Ryuk is disabled ({@code TESTCONTAINERS_RYUK_DISABLED=true}) or its image is present too: never
 *       a pull that could hang where no registry is reachable. {@code IMS_TEST_POSTGRES=testcontainers} insists
 *       (pulls allowed, no fallback); {@code IMS_TEST_POSTGRES=embedded} skips this step;</li>
 *   <li>an embedded PostgreSQL 14 (zonky) started from the jar's binaries; it runs as root too.</li>
 * </ol>
 * Each {@link #newDatabase(String)} call creates a new schema on that server, so test classes and modules
 * never see each other's rows.
 */
public final class TestPostgres {

    public static final String URL_VARIABLE = "IMS_TEST_JDBC_URL";
    public static final String USER_VARIABLE = "IMS_TEST_JDBC_USER";
    public static final String PASSWORD_VARIABLE = "IMS_TEST_JDBC_PASSWORD";
    public static final String MODE_VARIABLE = "IMS_TEST_POSTGRES";
    public static final String IMAGE_VARIABLE = "IMS_TEST_POSTGRES_IMAGE";
    /** The PostgreSQL image docker-compose.yml pins (scripts/stand-in-images.sh makes a local one where needed). */
    public static final String DEFAULT_IMAGE = "postgres:16.9-bookworm";

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

    private record Server(String jdbcUrl, String username, String password, String kind) {
    }

    private static Server server;

    private TestPostgres() {
    }

    /** A new empty schema named {@code <prefix>_<random>}. */
    public static TestDatabase newDatabase(String prefix) {
        Server s = server();
        String schema = (prefix.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.username(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create schema on " + s.kind() + " PostgreSQL " + s.jdbcUrl(), e);
        }
        String separator = s.jdbcUrl().contains("?") ? "&" : "?";
        return new TestDatabase(s.jdbcUrl() + separator + "currentSchema=" + schema, s.username(), s.password(),
                schema);
    }

    /** Which kind of server this JVM's tests use: {@code external}, {@code testcontainers} or {@code embedded}. */
    public static String serverKind() {
        return server().kind();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = startServer();
            log.info("Tests use {} PostgreSQL at {}", server.kind(), server.jdbcUrl());
        }
        return server;
    }

    /** A PostgreSQL server named by {@code IMS_TEST_JDBC_URL} (user default {@code postgres}, password empty). */
    public record ExternalServer(String jdbcUrl, String user, String password) {
        @Override
        public String toString() {
            return "ExternalServer[" + jdbcUrl + ", user=" + user + ", password=<redacted>]";
        }
    }

    /** The configured external server, for tests that start services which create their own databases. */
    public static java.util.Optional<ExternalServer> externalServer() {
        String url = setting(URL_VARIABLE);
        return url == null || url.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(new ExternalServer(url, orDefault(setting(USER_VARIABLE), "postgres"),
                        orDefault(setting(PASSWORD_VARIABLE), "")));
    }

    private static Server startServer() {
        java.util.Optional<ExternalServer> external = externalServer();
        if (external.isPresent()) {
            return new Server(external.get().jdbcUrl(), external.get().user(), external.get().password(), "external");
        }
        String mode = orDefault(setting(MODE_VARIABLE), "auto").toLowerCase(java.util.Locale.ROOT);
        String image = orDefault(setting(IMAGE_VARIABLE), DEFAULT_IMAGE);
        if (mode.equals("testcontainers") || !mode.equals("embedded") && testcontainersUsable(image)) {
            PostgreSQLContainer container = new PostgreSQLContainer(
                    DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-stop"));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "testcontainers");
        }
        LocalPostgres embedded = LocalPostgres.embedded(null);
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-postgres-stop"));
        JdbcTarget server = embedded.server();
        return new Server(server.url(), server.user(), server.password(), "embedded");
    }

    /** An engine answers, the image is there and Ryuk needs no pull either; says why not otherwise. */
    private static boolean testcontainersUsable(String image) {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return false;
            }
            DockerClient client = DockerClientFactory.instance().client();
            if (!imagePresent(client, image)) {
                log.info("Docker engine found, but image {} is not present in it: embedded PostgreSQL instead of a "
                        + "pull ({}=testcontainers pulls; scripts/stand-in-images.sh makes a local one)", image,
                        MODE_VARIABLE);
                return false;
            }
            if (java.nio.file.Files.exists(java.nio.file.Path.of("/.dockerenv"))
                    && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null) {
                log.info("Docker engine found, but this machine is a container and TESTCONTAINERS_HOST_OVERRIDE is not "
                        + "set (Testcontainers would pull a helper image to find the host): embedded PostgreSQL");
                return false;
            }
            boolean ryukDisabled = "true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
            if (!ryukDisabled && client.listImagesCmd().withImageNameFilter("testcontainers/ryuk").exec().isEmpty()) {
                log.info("Docker engine found, but Ryuk's image is not present and TESTCONTAINERS_RYUK_DISABLED is not "
                        + "true: embedded PostgreSQL instead of a pull");
                return false;
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean imagePresent(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
