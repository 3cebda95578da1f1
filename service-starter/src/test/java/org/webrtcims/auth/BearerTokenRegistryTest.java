package org.webrtcims.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BearerTokenRegistryTest {

    private final BearerTokenRegistry registry = new BearerTokenRegistry(List.of(
            new ApiAuthProperties.Client("idp", "sync-token-0123456789", ApiRole.SYNC, Set.of("wwsf.example.com")),
            new ApiAuthProperties.Client("hss", "internal-token-0123456", ApiRole.HSS, null)));

    @Test
    void knownTokenAuthenticatesItsClientWithRoleAndScopes() {
        ApiClient client = registry.authenticate("sync-token-0123456789").orElseThrow();
        assertThat(client.name()).isEqualTo("idp");
        assertThat(client.role()).isEqualTo(ApiRole.SYNC);
        assertThat(client.hasScope("wwsf.example.com")).isTrue();
        assertThat(client.hasScope("other.example.org")).isFalse();
        assertThat(registry.authenticate("internal-token-0123456").orElseThrow().role()).isEqualTo(ApiRole.HSS);
    }

    @Test
    void unknownPrefixOrEmptyTokenAuthenticatesNobody() {
        assertThat(registry.authenticate("sync-token-012345678")).isEmpty();
        assertThat(registry.authenticate("sync-token-01234567890")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
        assertThat(registry.authenticate(null)).isEmpty();
    }

    @Test
    void starIsAnOrdinaryScopeThatCoversNothingElse() {
        ApiClient client = new ApiClient("ops", ApiRole.SYNC, Set.of("*"));
        assertThat(client.hasScope("anything.example")).isFalse();
    }

    @Test
    void wildcardScopeIsRefusedAtStartup() {
        assertThatThrownBy(() -> new BearerTokenRegistry(List.of(
                new ApiAuthProperties.Client("idp", "sync-token-0123456789", ApiRole.SYNC, Set.of("*")))))
                .hasMessageContaining("'*' is no longer accepted");
    }

    @Test
    void syncAndScscfClientsWithoutScopesAreRefusedAtStartup() {
        assertThatThrownBy(() -> new BearerTokenRegistry(List.of(
                new ApiAuthProperties.Client("idp", "sync-token-0123456789", ApiRole.SYNC, null))))
                .hasMessageContaining("needs scopes");
        assertThatThrownBy(() -> new BearerTokenRegistry(List.of(
                new ApiAuthProperties.Client("scscf", "scscf-token-0123456789", ApiRole.S_CSCF, Set.of()))))
                .hasMessageContaining("Server-Names");
    }

    @Test
    void shortDuplicateOrRolelessTokensAreRefusedAtStartup() {
        assertThatThrownBy(() -> new BearerTokenRegistry(List.of(
                new ApiAuthProperties.Client("a", "short", ApiRole.ADMIN, null))))
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new BearerTokenRegistry(List.of(
                new ApiAuthProperties.Client("a", "same-token-0123456789", ApiRole.ADMIN, null),
                new ApiAuthProperties.Client("b", "same-token-0123456789", ApiRole.HSS, null))))
                .hasMessageContaining("reuses");
        assertThatThrownBy(() -> new BearerTokenRegistry(List.of(
                new ApiAuthProperties.Client("a", "some-token-0123456789", null, null))))
                .hasMessageContaining("no role");
    }

    @Test
    void clientConfigurationNeverPrintsItsToken() {
        assertThat(new ApiAuthProperties.Client("idp", "sync-token-0123456789", ApiRole.SYNC, null).toString())
                .doesNotContain("sync-token-0123456789");
    }
}
