package org.webrtcims.launcher.secrets;

import org.webrtcims.fixture.LocalSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsFileTest {

    @TempDir
    Path directory;

    @Test
    void newSecretsAreRandomKeysOf32BytesInAnOwnerOnlyFile() throws IOException {
        Path file = directory.resolve("state").resolve(SecretsFile.FILE_NAME);
        LocalSecrets secrets = SecretsFile.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(secrets.ha1Key())).hasSize(32);
        assertThat(Base64.getDecoder().decode(secrets.scscfNonceKey())).hasSize(32);
        assertThat(Base64.getDecoder().decode(secrets.epcscfFlowKey())).hasSize(32);
        assertThat(secrets.proxyHssToken()).hasSize(48);
        // one token per caller: all different
        java.util.List<String> tokens = secrets.byName().entrySet().stream()
                .filter(e -> e.getKey().endsWith("_TOKEN")).map(java.util.Map.Entry::getValue).toList();
        assertThat(tokens).hasSize(8).doesNotHaveDuplicates().allSatisfy(t -> assertThat(t).hasSize(48));
        assertThat(secrets.toString()).doesNotContain(secrets.ha1Key(), secrets.hssAdminToken());
    }

    /** A persistent database's H(A1)s stay readable: the key that sealed them is read back, not replaced. */
    @Test
    void anExistingFileIsKeptAndCompletedWithMissingSecrets() throws IOException {
        Path file = directory.resolve(SecretsFile.FILE_NAME);
        LocalSecrets first = SecretsFile.loadOrCreate(file);
        assertThat(SecretsFile.loadOrCreate(file)).usingRecursiveComparison().isEqualTo(first);

        Files.writeString(file, "IMS_HA1_KEY_ID=kold\nIMS_HA1_KEY=" + first.ha1Key() + "\n");
        LocalSecrets completed = SecretsFile.loadOrCreate(file);
        assertThat(completed.ha1KeyId()).isEqualTo("kold");
        assertThat(completed.ha1Key()).isEqualTo(first.ha1Key());
        assertThat(completed.hssAdminToken()).isNotBlank();
        assertThat(Files.readString(file)).contains("IMS_HSS_ADMIN_TOKEN=" + completed.hssAdminToken());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
