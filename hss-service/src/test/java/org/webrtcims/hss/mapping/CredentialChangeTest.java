package org.webrtcims.hss.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.webrtcims.problem.ApiProblemException;

class CredentialChangeTest {

    @Test
    void revokedDeregistersAndUpdatedDoesNot() {
        assertThat(CredentialChange.of(new CredentialChangeRequest("w", "u", "REVOKED")).deregisters()).isTrue();
        assertThat(CredentialChange.of(new CredentialChangeRequest("w", "u", "UPDATED")).deregisters()).isFalse();
    }

    @Test
    void unknownChangeOrMissingFieldIs400() {
        assertThatThrownBy(() -> CredentialChange.of(new CredentialChangeRequest("w", "u", "revoked")))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.causeName()).isEqualTo("INVALID_CHANGE"));
        assertThatThrownBy(() -> CredentialChange.of(new CredentialChangeRequest("w", null, "REVOKED")))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(400));
    }
}
