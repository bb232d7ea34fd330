package io.rotender.platform.security;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The accepted admin tokens, as SHA-256 hashes: those of the configuration plus those of the hashes file,
 * which is re-read whenever its modification time or size changes (a Kubernetes secret volume is updated
 * in place). A token is checked by hashing it and comparing with every accepted hash in constant time.
 */
@ApplicationScoped
public class AdminCredentials {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final List<String> configured;
    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(null, -1, List.of());

    private record Snapshot(FileTime modified, long size, List<String> hashes) {
    }

    public AdminCredentials(SecurityConfig config) {
        this.configured = config.adminTokenHashes().orElse(List.of()).stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.file = config.adminTokenHashesFile().filter(f -> !f.isBlank()).map(Path::of).orElse(null);
        for (String hash : configured) {
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalStateException("rotender.security.admin-token-hashes (ROTENDER_SECURITY_ADMIN_TOKEN_HASHES) "
                        + "must list SHA-256 hashes in hex, 64 characters each");
            }
        }
    }

    /** Whether the token is one of the accepted admin tokens. */
    public boolean accepts(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        String hash = Secrets.sha256Hex(token);
        boolean match = false;
        for (String allowed : configured) {
            match |= Secrets.constantTimeEquals(allowed, hash);
        }
        for (String allowed : fromFile()) {
            match |= Secrets.constantTimeEquals(allowed, hash);
        }
        return match;
    }

    private List<String> fromFile() {
        if (file == null) {
            return List.of();
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Snapshot current = snapshot;
            if (modified.equals(current.modified()) && size == current.size()) {
                return current.hashes();
            }
            List<String> hashes = new ArrayList<>();
            int ignored = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String value = line.strip().toLowerCase(Locale.ROOT);
                if (value.isEmpty() || value.startsWith("#")) {
                    continue;
                }
                if (SHA256_HEX.matcher(value).matches()) {
                    hashes.add(value);
                } else {
                    ignored++;
                }
            }
            snapshot = new Snapshot(modified, size, List.copyOf(hashes));
            Log.infof("Admin token hashes read from %s: %d accepted%s", file, hashes.size(),
                    ignored > 0 ? ", " + ignored + " lines ignored (not a SHA-256 hex hash)" : "");
            return snapshot.hashes();
        } catch (IOException e) {
            Log.warnf("Admin token hashes file %s cannot be read (%s); admin requests are refused until it can",
                    file, e.getClass().getSimpleName());
            snapshot = new Snapshot(null, -1, List.of());
            return List.of();
        }
    }
}
