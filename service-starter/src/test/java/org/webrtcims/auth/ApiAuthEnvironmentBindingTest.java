package org.webrtcims.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment-variable form documented in the READMEs (Spring: dots → '_', dashes removed, upper case). */
class ApiAuthEnvironmentBindingTest {

    @Test
    void clientsBindFromApiauthEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "APIAUTH_CLIENTS_0_NAME", "hss",
                "APIAUTH_CLIENTS_0_TOKEN", "token-0123456789abcdef",
                "APIAUTH_CLIENTS_0_ROLE", "SYNC",
                "APIAUTH_CLIENTS_0_SCOPES", "wwsf.example.com,other.example.org")));
        ApiAuthProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bind("api-auth", ApiAuthProperties.class).get();
        assertThat(properties.clients()).hasSize(1);
        assertThat(properties.clients().get(0).role()).isEqualTo(ApiRole.SYNC);
        assertThat(properties.clients().get(0).scopes()).containsExactlyInAnyOrder("wwsf.example.com",
                "other.example.org");
    }
}
