package org.webrtcims.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Each service README's "Configuration" table is the one {@link ConfigurationReference} renders from the settings
 * records' metadata, so a default or a description changes in the record only. To regenerate the tables:
 * {@code ./mvnw -pl deployment-tests -am test -Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dconfiguration-reference.write=true}.
 */
class ConfigurationReferenceTest {

    private static final String REGENERATE = "regenerate with ./mvnw -B -pl deployment-tests -am test "
            + "-Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -D"
            + ConfigurationReference.WRITE_PROPERTY + "=true";

    @Test
    void everyServiceReadmeTableMatchesTheSettingsRecords() {
        boolean write = Boolean.getBoolean(ConfigurationReference.WRITE_PROPERTY);
        List<String> differing = new ArrayList<>();
        for (String module : SettingsRecords.SERVICES.keySet().stream().sorted().toList()) {
            if (write) {
                ConfigurationReference.write(module);
            }
            Optional<String> current = ConfigurationReference.current(module);
            assertThat(current).as("%s/README.md has %s … %s in its Configuration section", module,
                    ConfigurationReference.START, ConfigurationReference.END).isPresent();
            if (!current.get().equals(ConfigurationReference.render(module))) {
                differing.add(module + "/README.md");
            }
        }
        assertThat(differing).as("Configuration tables that differ from the settings records; " + REGENERATE)
                .isEmpty();
    }

    @Test
    void everyPropertyOfAServiceHasADescription() {
        for (String module : SettingsRecords.SERVICES.keySet()) {
            assertThat(ConfigurationReference.properties(module))
                    .as("%s: properties without a Javadoc @param in their settings record", module)
                    .filteredOn(p -> p.description().isEmpty())
                    .extracting(ConfigurationReference.Property::name)
                    .isEmpty();
        }
    }

    @Test
    void tablesHoldTheServicesOwnPropertiesAndTheSharedOnesTheyUse() {
        assertThat(ConfigurationReference.properties("scscf-service"))
                .extracting(ConfigurationReference.Property::name)
                .contains("scscf.registrar.max-bindings", "scscf.reg-event.sweep-interval", "scscf.hss.base-url",
                        "api-auth.clients", "db-timeouts.statement", "db-scheduler.queue-capacity")
                .noneMatch(name -> name.startsWith("hss.") || name.startsWith("epcscf."));
        assertThat(ConfigurationReference.properties("icscf-service"))
                .extracting(ConfigurationReference.Property::name)
                .contains("icscf.sip.port", "icscf.hss.response-timeout")
                .noneMatch(name -> name.startsWith("db-timeouts.") || name.startsWith("api-auth."));
    }

    @Test
    void defaultsAndTypesAreRenderedAsAnOperatorWritesThem() {
        assertThat(ConfigurationReference.properties("hss-service"))
                .filteredOn(p -> p.name().equals("hss.av-proxy.connect-timeout"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.type()).isEqualTo("Duration");
                    assertThat(p.defaultValue()).isEqualTo("1s");
                });
        assertThat(ConfigurationReference.properties("scscf-service"))
                .filteredOn(p -> p.name().equals("scscf.digest.accept-algorithms"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.type()).isEqualTo("List<String>");
                    assertThat(p.defaultValue()).isEqualTo("MD5, SHA-256, SHA-512-256");
                });
        assertThat(ConfigurationReference.shortType("java.util.Map<java.lang.String,java.lang.String>"))
                .isEqualTo("Map<String, String>");
        assertThat(ConfigurationReference.markdown("the {@code a|b} of {@link SipListening}"))
                .isEqualTo("the `a\\|b` of `SipListening`");
    }
}
