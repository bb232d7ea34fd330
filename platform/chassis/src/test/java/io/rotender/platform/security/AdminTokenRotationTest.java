package io.rotender.platform.security;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.TestCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Admin tokens rotate through the hashes file while the service runs; no restart, no downtime. */
@QuarkusTest
class AdminTokenRotationTest {

    private static final Path FILE = Path.of("target/admin-token-hashes");

    private static void writeHashes(Instant modified, String... tokens) throws Exception {
        StringBuilder content = new StringBuilder("# accepted admin tokens (SHA-256)\n");
        for (String token : tokens) {
            content.append(Secrets.sha256Hex(token)).append('\n');
        }
        Files.writeString(FILE, content);
        Files.setLastModifiedTime(FILE, FileTime.from(modified));
    }

    private static int ping(String token) {
        return given().header("Authorization", "Bearer " + token).get("/admin/ping").statusCode();
    }

    @AfterEach
    void removeFile() throws Exception {
        Files.deleteIfExists(FILE);
    }

    @Test
    void aNewTokenIsAcceptedAndTheOldOneRefusedWithoutARestart() throws Exception {
        Instant start = Instant.now();
        writeHashes(start, "first-admin-token-0001");
        assertThat(ping("first-admin-token-0001")).isEqualTo(200);

        writeHashes(start.plusSeconds(1), "first-admin-token-0001", "second-admin-token-0002");
        assertThat(ping("second-admin-token-0002")).isEqualTo(200);
        assertThat(ping("first-admin-token-0001")).isEqualTo(200);

        writeHashes(start.plusSeconds(2), "second-admin-token-0002");
        assertThat(ping("first-admin-token-0001")).isEqualTo(401);
        assertThat(ping("second-admin-token-0002")).isEqualTo(200);
        // the configured hash (from the environment) still counts beside the file
        assertThat(ping(TestCredentials.ADMIN_TOKEN)).isEqualTo(200);

        Files.delete(FILE);
        assertThat(ping("second-admin-token-0002")).isEqualTo(401);
        assertThat(ping(TestCredentials.ADMIN_TOKEN)).isEqualTo(200);
    }
}
