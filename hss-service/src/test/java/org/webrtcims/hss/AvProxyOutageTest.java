package org.webrtcims.hss;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Profile §5.5: the web-auth proxy unreachable is 504 AV_SOURCE_UNAVAILABLE (a 5xx, never a 403), and the HSS
 * recovers by itself once the proxy is back on its address.
 */
class AvProxyOutageTest extends HssIntegrationTest {

    @Test
    void proxyStoppedGives504AvSourceUnavailableAndRecoveryNeedsNoRestart() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        try {
            PROXY.stop();
            mar(user, SCSCF1).expectStatus().isEqualTo(504)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.cause").isEqualTo("AV_SOURCE_UNAVAILABLE")
                    .jsonPath("$.diameterResult").isEqualTo(3002);
            // the rest of the HSS keeps working
            uar(user, user.impu(), "REGISTRATION").expectStatus().isOk();
        } finally {
            PROXY.startAgain();
        }
        mar(user, SCSCF1).expectStatus().isOk().expectBody()
                .jsonPath("$.authDataItems[0].sipDigestAuthenticate.digestHa1").isEqualTo(MD5_HA1);
    }
}
