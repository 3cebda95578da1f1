package org.webrtcims.webauthproxy.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.webauthproxy.crypto.Ha1Cipher.CipherContext;

class Ha1CipherTest {

    private static final String K1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String K2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private static final String HA1 = "2774221d5d92ce890250a1af4d3b3903";
    private static final CipherContext ALICE_MD5 = new CipherContext("wwsf.example.com", "alice@idp.example.com",
            DigestAlgorithm.MD5);

    private final Ha1Cipher cipher = new Ha1Cipher("k1", Map.of("k1", K1, "k2", K2));

    @Test
    void sealedValueOpensToTheHa1AndIsFreshEachTime() {
        byte[] first = cipher.seal(HA1, ALICE_MD5);
        byte[] second = cipher.seal(HA1, ALICE_MD5);
        assertThat(first).isNotEqualTo(second);
        assertThat(cipher.open("k1", first, ALICE_MD5)).isEqualTo(HA1);
        assertThat(cipher.open("k1", second, ALICE_MD5)).isEqualTo(HA1);
    }

    @Test
    void ciphertextMovedToAnotherIdentityOrAlgorithmDoesNotOpen() {
        byte[] sealed = cipher.seal(HA1, ALICE_MD5);
        assertThatThrownBy(() -> cipher.open("k1", sealed, new CipherContext("wwsf.example.com",
                "mallory@idp.example.com", DigestAlgorithm.MD5))).isInstanceOf(Ha1Cipher.UnreadableCredentialException.class);
        assertThatThrownBy(() -> cipher.open("k1", sealed, new CipherContext("wwsf.example.com",
                "alice@idp.example.com", DigestAlgorithm.SHA_256))).isInstanceOf(Ha1Cipher.UnreadableCredentialException.class);
    }

    @Test
    void wrongOrUnknownKeyDoesNotOpen() {
        byte[] sealed = cipher.seal(HA1, ALICE_MD5);
        assertThatThrownBy(() -> cipher.open("k2", sealed, ALICE_MD5)).isInstanceOf(Ha1Cipher.UnreadableCredentialException.class);
        assertThatThrownBy(() -> cipher.open("k9", sealed, ALICE_MD5))
                .isInstanceOf(Ha1Cipher.UnreadableCredentialException.class).hasMessageContaining("'k9'");
    }

    @Test
    void keysMustBe256BitAndTheActiveOneMustExist() {
        assertThatThrownBy(() -> new Ha1Cipher("k1", Map.of("k1", "AAECAwQFBgcICQoLDA0ODw==")))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new Ha1Cipher("k3", Map.of("k1", K1))).hasMessageContaining("'k3'");
        assertThatThrownBy(() -> new Ha1Cipher("", Map.of("k1", K1))).hasMessageContaining("active-key-id");
        assertThatThrownBy(() -> new Ha1Cipher("k1", Map.of("k1", "not base64!"))).hasMessageContaining("base64");
    }
}
