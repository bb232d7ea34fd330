package io.rotender.systemtests.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scans the services' logs for every credential the run used: none may appear, whole or as its secret
 * part. Only the services' logs: the simulators play the outside world (a unit shows its code on purpose).
 */
final class LogScan {

    private LogScan() {
    }

    static List<String> scan(Path logs, Map<String, String> secrets) throws Exception {
        List<String> findings = new ArrayList<>();
        List<Path> files;
        try (var list = Files.list(logs)) {
            files = list.filter(f -> f.getFileName().toString().matches("(menu-service|inventory-service|order-service.*|proxy-connectors)\\.log"))
                    .sorted().toList();
        }
        long bytes = 0;
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            bytes += text.length();
            for (var secret : secrets.entrySet()) {
                if (secret.getValue() != null && secret.getValue().length() >= 8 && text.contains(secret.getValue())) {
                    findings.add(secret.getKey() + " appears in " + file.getFileName());
                }
            }
        }
        System.out.printf("log scan: %d service logs, %.1f MB, %d secrets looked for, %d found%n", files.size(), bytes / 1e6,
                secrets.size(), findings.size());
        if (files.size() < 4) {
            findings.add("expected the logs of the four services in " + logs + ", found " + files.size());
        }
        return findings;
    }
}
