package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.webrtcims.auth.ApiClient;
import org.webrtcims.auth.ApiRole;
import org.webrtcims.problem.ApiProblemException;

class ServerNameScopeTest {

    private final ApiClient scscf0 = new ApiClient("scscf-0", ApiRole.S_CSCF, Set.of("sip:scscf-0.example:5062"));

    @Test
    void scscfMayUseOnlyTheServerNamesItsCredentialLists() {
        assertThat(ServerNameScope.permits(scscf0, "sip:scscf-0.example:5062")).isTrue();
        assertThat(ServerNameScope.permits(scscf0, "sip:scscf.evil:5062")).isFalse();
        assertThat(ServerNameScope.permits(scscf0, "sip:scscf-0.example:5063")).isFalse();
        assertThat(ServerNameScope.permits(scscf0, null)).isFalse();
    }

    @Test
    void otherRolesMayUseNoServerNameEvenIfTheirScopesNameIt() {
        ApiClient sync = new ApiClient("idp", ApiRole.SYNC, Set.of("sip:scscf-0.example:5062"));
        assertThat(ServerNameScope.permits(sync, "sip:scscf-0.example:5062")).isFalse();
    }

    @Test
    void refusalIs403ServerNameNotAllowed() {
        assertThatThrownBy(() -> ServerNameScope.require(scscf0, "sip:scscf.evil:5062"))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(403);
                    assertThat(e.causeName()).isEqualTo("SERVER_NAME_NOT_ALLOWED");
                });
    }
}
