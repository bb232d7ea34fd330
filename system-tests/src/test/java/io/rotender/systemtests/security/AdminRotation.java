package io.rotender.systemtests.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Rotates the local admin token on the running services without restarting them: the hashes file gets the
 * new token's hash beside the old one, every service accepts the new token, the token file is switched, the
 * old hash is removed, and every service then refuses the old token.
 */
final class AdminRotation {

    private AdminRotation() {
    }

    static List<String> rotate(Http http, Path state, List<String> adminUrls) throws Exception {
        List<String> failures = new ArrayList<>();
        Path tokenFile = state.resolve("admin-token");
        Path hashesFile = state.resolve("admin-token-hashes");
        String old = Files.readString(tokenFile).strip();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);

        write(hashesFile, "# local admin tokens (SHA-256), rotated by check-security\n" + sha256(old) + "\n" + sha256(fresh) + "\n");
        expectAll(http, adminUrls, fresh, true, "the new token while both are listed", failures);
        expectAll(http, adminUrls, old, true, "the old token while both are listed", failures);
        write(tokenFile, fresh);
        write(hashesFile, "# local admin token (SHA-256), rotated by check-security\n" + sha256(fresh) + "\n");
        expectAll(http, adminUrls, old, false, "the old token after its hash was removed", failures);
        expectAll(http, adminUrls, fresh, true, "the new token", failures);
        System.out.printf("admin token rotated on %d services without a restart%s%n", adminUrls.size(),
                failures.isEmpty() ? "" : " (with failures)");
        return failures;
    }

    /** Each of "METHOD url": accepted means past the credential check (any answer but 401), refused means 401. */
    private static void expectAll(Http http, List<String> calls, String token, boolean accepted, String what, List<String> failures) {
        for (String call : calls) {
            String[] parts = call.split(" ", 2);
            int got = http.send(new Http.Call("rotation", parts[0], parts[1], Map.of("Authorization", Credentials.bearer(token)), null)).status();
            boolean ok = accepted ? got != 401 && got > 0 && got < 500 : got == 401;
            if (!ok) {
                failures.add("admin rotation: " + what + " on " + call + " answered " + got + ", expected " + (accepted ? "not 401" : "401"));
            }
        }
    }

    private static void write(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
