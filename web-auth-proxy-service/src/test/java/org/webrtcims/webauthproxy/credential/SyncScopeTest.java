package org.webrtcims.webauthproxy.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.webrtcims.auth.ApiClient;
import org.webrtcims.auth.ApiRole;

class SyncScopeTest {

    @Test
    void syncClientTouchesOnlyTheWwsfsItLists() {
        ApiClient idp = new ApiClient("idp", ApiRole.SYNC, Set.of("wwsf.example.com"));
        assertThat(SyncScope.permits(idp, "wwsf.example.com")).isTrue();
        assertThat(SyncScope.permits(idp, "other.example.org")).isFalse();
    }

    @Test
    void starIsNoWildcard() {
        assertThat(SyncScope.permits(new ApiClient("idp", ApiRole.SYNC, Set.of("*")), "wwsf.example.com")).isFalse();
    }

    @Test
    void operatorsTouchEveryWwsfAndOtherRolesNone() {
        assertThat(SyncScope.permits(new ApiClient("ops", ApiRole.ADMIN, Set.of()), "wwsf.example.com")).isTrue();
        assertThat(SyncScope.permits(new ApiClient("hss", ApiRole.HSS, Set.of("wwsf.example.com")),
                "wwsf.example.com")).isFalse();
    }
}
