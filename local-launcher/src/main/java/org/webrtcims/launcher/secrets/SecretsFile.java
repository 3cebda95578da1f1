package org.webrtcims.launcher.secrets;

import org.webrtcims.fixture.LocalSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secrets of a local system in a file only its owner can read (mode 0600), as {@code NAME=value} lines that a
 * shell can {@code source}. A file that already exists is read back and kept: the proxy's stored H(A1)s can only
 * be decrypted with the key that sealed them, so a persistent database needs the same secrets on every start.
 */
public final class SecretsFile {

    /** The file name inside the launcher's state directory. */
    public static final String FILE_NAME = "local-system.env";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretsFile() {
    }

    /** The secrets in {@code file}, completed and rewritten if some are missing, or new ones written there. */
    public static LocalSecrets loadOrCreate(Path file) {
        try {
            LocalSecrets secrets = Files.exists(file) ? LocalSecrets.fromNames(read(file)) : LocalSecrets.generate();
            write(file, secrets);
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the secrets file " + file, e);
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> named = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                named.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return named;
    }

    /** Writes a new owner-only file next to the target and moves it over, so no reader ever sees a wider mode. */
    private static void write(Path file, LocalSecrets secrets) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".local-system", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        List<String> lines = new java.util.ArrayList<>();
        lines.add("# API tokens and keys of the local WebRTC IMS core; keep them with its database");
        secrets.byName().forEach((name, value) -> lines.add(name + "=" + value));
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
}
