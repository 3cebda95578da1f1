package org.webrtcims.epcscf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A throw-away PKCS12 keystore with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
final class SelfSignedKeystore {

    static final String PASSWORD = "test-only-keystore";

    private SelfSignedKeystore() {
    }

    static Path create() throws Exception {
        Path dir = Files.createTempDirectory("ep-cscf-tls");
        Path keystore = dir.resolve("edge.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "edge", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(process.getInputStream().readAllBytes()));
        }
        keystore.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return keystore;
    }
}
