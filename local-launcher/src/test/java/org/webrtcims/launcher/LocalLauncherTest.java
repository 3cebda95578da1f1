package org.webrtcims.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.launcher.provisioning.WebUser;
import org.webrtcims.fixture.Ports;

class LocalLauncherTest {

    @Test
    void withoutFlagsTheSystemRunsEmbeddedOnTheDefaultPortsWithoutDemo() {
        LaunchOptions options = LocalLauncher.parse(new String[0], LaunchOptions.defaults());
        assertThat(options.externalDatabase()).isNull();
        assertThat(options.dataDirectory()).isNull();
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.ports()).isEqualTo(Ports.defaults());
        assertThat(options.randomPorts()).isFalse();
        assertThat(options.provisionDemo()).isFalse();
    }

    @Test
    void flagsSelectDemoExternalDatabaseDataDirectoryHostAndRandomPorts() {
        LaunchOptions options = LocalLauncher.parse(new String[]{"--demo", "--random-ports", "--host=0.0.0.0",
                "--data-dir=/var/tmp/ims", "--jdbc-url=jdbc:postgresql://db:5432/ims", "--jdbc-user=ims",
                "--jdbc-password=pw"}, LaunchOptions.defaults());
        assertThat(options.provisionDemo()).isTrue();
        assertThat(options.randomPorts()).isTrue();
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/var/tmp/ims"));
        assertThat(options.externalDatabase().url()).isEqualTo("jdbc:postgresql://db:5432/ims");
        assertThat(options.externalDatabase().user()).isEqualTo("ims");
        assertThat(options.externalDatabase().password()).isEqualTo("pw");
    }

    @Test
    void theEnvironmentSelectsAnExternalDatabaseAndFlagsRefineIt() {
        LaunchOptions fromEnvironment = LaunchOptions.fromEnvironment(Map.of("IMS_JDBC_URL",
                "jdbc:postgresql://localhost/ims", "IMS_JDBC_USER", "ims"));
        LaunchOptions options = LocalLauncher.parse(new String[]{"--jdbc-password=secret"}, fromEnvironment);
        assertThat(options.externalDatabase().url()).isEqualTo("jdbc:postgresql://localhost/ims");
        assertThat(options.externalDatabase().user()).isEqualTo("ims");
        assertThat(options.externalDatabase().password()).isEqualTo("secret");
        assertThat(options.externalDatabase().toString()).doesNotContain("secret");
    }

    @Test
    void theWicPageIsOn8080_orTheGivenPort_orAFreeOneWithRandomPorts_orOff() {
        LaunchOptions fixed = LocalLauncher.parse(new String[]{"--demo"}, LaunchOptions.defaults());
        assertThat(LocalLauncher.pagePort(new String[]{"--demo"}, fixed)).isEqualTo(8080);
        String[] given = {"--page-port=9090"};
        assertThat(LocalLauncher.pagePort(given, LocalLauncher.parse(given, LaunchOptions.defaults()))).isEqualTo(9090);
        String[] random = {"--random-ports"};
        assertThat(LocalLauncher.pagePort(random, LocalLauncher.parse(random, LaunchOptions.defaults())))
                .isNotNull().isNotEqualTo(8080);
        String[] off = {"--no-page"};
        assertThat(LocalLauncher.pagePort(off, LocalLauncher.parse(off, LaunchOptions.defaults()))).isNull();
        assertThatThrownBy(() -> LocalLauncher.parse(new String[]{"--page-port=http"}, LaunchOptions.defaults()))
                .hasMessageContaining("--page-port needs a port number");
    }

    @Test
    void thePagesOriginsComeFirstAmongTheDemoWwsfsOrigins() {
        assertThat(LocalLauncher.withPageOrigins(List.of("http://localhost:8080", "https://wwsf.example.com"), 9090))
                .containsExactly("http://localhost:9090", "http://127.0.0.1:9090", "http://localhost:8080",
                        "https://wwsf.example.com");
        assertThat(LocalLauncher.withPageOrigins(WebUser.DEMO_ORIGINS, 8080)).isEqualTo(WebUser.DEMO_ORIGINS);
    }

    @Test
    void helpAsksForTheUsageAndUnknownFlagsAreRefused() {
        assertThat(LocalLauncher.parse(new String[]{"--demo", "--help"}, LaunchOptions.defaults())).isNull();
        assertThatThrownBy(() -> LocalLauncher.parse(new String[]{"--demo=yes-please", "--port=1"},
                LaunchOptions.defaults())).hasMessageContaining("--port=1");
        assertThatThrownBy(() -> LocalLauncher.parse(new String[]{"--host="}, LaunchOptions.defaults()))
                .hasMessageContaining("--host needs a value");
    }
}
