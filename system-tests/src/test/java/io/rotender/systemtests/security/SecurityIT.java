package io.rotender.systemtests.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.systemtests.client.LocalPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security of the running platform, in order: the authorization matrix over every endpoint; at least 10,000
 * malformed and hostile requests across every endpoint ({@code ROTENDER_SECURITY_REQUESTS}, 12,000 by default),
 * each answered with a clean 4xx; every stored and published state unchanged by both; no credential in the
 * services' logs; the admin token rotated without a restart. Prints the counts.
 */
@Tag("security")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    private static final String PARTNER_B = "sec-partner-b";
    private static final List<String> DATABASES = List.of("menu", "inventory", "orders", "connectors");

    private final LocalPlatform platform = LocalPlatform.fromEnvironment();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Http http = new Http(16);
    private Targets targets;
    private Credentials creds;
    private String partnerBKeyId;
    private String orderA;
    private List<Endpoint> endpoints;
    private Map<String, String> before;

    @BeforeAll
    void twoPartnersAndAnOrder() throws Exception {
        targets = new Targets(platform.menu(), platform.inventory(), platform.orders(), platform.connectors(), platform.unitSimulator());
        String admin = platform.secret("admin-token");
        String partnerA = platform.secret("partner-key-demo-app");
        // partner B: a second partner on the demo bar, to show that a partner sees only its own orders
        call("PUT", targets.menu() + "/admin/partners/" + PARTNER_B, admin, "{\"name\":\"Security check partner\",\"venues\":[\"demo-bar\"]}", null);
        JsonNode issued = mapper.readTree(call("POST", targets.menu() + "/admin/partners/" + PARTNER_B + "/keys", admin, null, null).body());
        String partnerB = issued.path("key").asText();
        partnerBKeyId = issued.path("keyId").asText();
        creds = new Credentials(admin, partnerA, partnerB, platform.secret("restaumatic-hook-token"), platform.secret("portos-api-key"));
        waitUntil("partner B's key works on order-service", () -> http.send(new Http.Call("wait", "GET",
                targets.orders() + "/venues/demo-bar/orders", Map.of("Authorization", Credentials.bearer(partnerB)), null)).status() == 200);
        waitUntil("vodka-soda is on the demo bar's menu (its unit is online)", () -> http.send(new Http.Call("wait", "GET",
                targets.menu() + "/venues/demo-bar", Map.of("Authorization", Credentials.bearer(partnerA)), null)).body().contains("\"vodka-soda\""));
        Http.Answer placed = call("POST", targets.orders() + "/venues/demo-bar/orders", null,
                "{\"customer\":{\"first_name\":\"Sec\",\"last_name\":\"Check\"},\"items\":[{\"drink_id\":\"vodka-soda\",\"quantity\":1}],\"payment\":{\"status\":\"paid\"}}",
                partnerA);
        orderA = mapper.readTree(placed.body()).path("id").asText();
        endpoints = Catalogue.all(targets, mapper);
        before = settled();
        System.out.printf("state before: %d tables and topics%n", before.size());
    }

    @Test
    @Order(1)
    void everyEndpointAnswersEachCredentialAsTheAccessMatrixSays() throws Exception {
        AccessMatrix matrix = new AccessMatrix(http, mapper, creds);
        List<String> failures = matrix.run(endpoints, targets, orderA);
        System.out.printf("access matrix: %d calls over %d endpoints, answers by status %s, %d failures%n",
                matrix.calls(), endpoints.size(), matrix.byStatus(), failures.size());
        assertEquals(List.of(), failures, "calls the access matrix refuses");
    }

    @Test
    @Order(2)
    void hostileRequestsGetACleanRefusal() throws Exception {
        int target = Integer.parseInt(System.getenv().getOrDefault("ROTENDER_SECURITY_REQUESTS", "12000"));
        long start = System.nanoTime();
        List<Http.Call> calls = new HostileRequests(mapper, creds).build(endpoints, target, 20261123L);
        FuzzRun fuzz = new FuzzRun();
        List<String> failures = new ArrayList<>(fuzz.run(http, calls));
        fuzz.judgeRaw(RawHttp.build(targets.services(), creds.admin(), creds.partnerA()));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d hostile requests sent in %.1f s (%d more the HTTP client itself refused to send)%n",
                fuzz.sent(), seconds, fuzz.notSendable());
        System.out.printf("fuzz: answers by status %s (%d sent again on a new connection: their pooled one had been closed)%n",
                fuzz.byStatus(), fuzz.resent());
        System.out.printf("fuzz: requests by kind %s%n", fuzz.byKind());
        assertEquals(List.of(), failures, "hostile requests answered badly");
        assertTrue(fuzz.sent() >= Math.min(target, 10_000), "hostile requests sent: " + fuzz.sent());
    }

    @Test
    @Order(3)
    void theMatrixAndTheHostileRequestsChangedNoState() throws Exception {
        Map<String, String> after = settled();
        List<String> changed = StateSnapshot.differences(before, after);
        System.out.printf("state after: %d tables and topics, %d changed%n", after.size(), changed.size());
        assertEquals(List.of(), changed, "tables and topics changed");
    }

    @Test
    @Order(4)
    void noCredentialIsInTheServicesLogs() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the admin token", creds.admin());
        secrets.put("partner A's key", creds.partnerA());
        secrets.put("partner A's key secret", creds.partnerA().substring(creds.partnerA().indexOf('.') + 1));
        secrets.put("partner B's key", creds.partnerB());
        secrets.put("partner B's key secret", creds.partnerB().substring(creds.partnerB().indexOf('.') + 1));
        secrets.put("the Restaumatic hook token", creds.hookToken());
        secrets.put("the Restaumatic API token", platform.secret("restaumatic-api-token"));
        secrets.put("the PORTOS key", creds.portosKey());
        secrets.put("the code HMAC secret", platform.secret("code-secret"));
        secrets.put("the connectors' encryption key", platform.secret("connectors-key"));
        secrets.put("the webhooks' encryption key", platform.secret("webhooks-key"));
        assertEquals(List.of(), LogScan.scan(platform.stateDir().resolve("logs"), secrets), "credentials found in the logs");
    }

    @Test
    @Order(5)
    void theAdminTokenIsRotatedWithoutARestart() throws Exception {
        List<String> failures = AdminRotation.rotate(http, platform.stateDir(), List.of("GET " + targets.menu() + "/admin/partners/demo-app",
                "GET " + targets.inventory() + "/admin/venues/demo-bar/units",
                "POST " + targets.orders() + "/admin/orders/" + Catalogue.ID_TOO_LONG + "/code",
                "GET " + targets.connectors() + "/admin/venues/demo-portos/pos"));
        assertEquals(List.of(), failures, "the admin token's rotation");
    }

    /** Leaves the platform as it was: partner A's order cancelled, partner B's key revoked. */
    @AfterAll
    void cleanUp() {
        if (orderA != null) {
            call("PUT", targets.orders() + "/venues/demo-bar/orders/" + orderA, null, "{\"status\":\"cancelled\"}", creds.partnerA());
        }
        if (partnerBKeyId != null) {
            call("DELETE", targets.menu() + "/admin/partners/" + PARTNER_B + "/keys/" + partnerBKeyId, platform.secret("admin-token"), null, null);
        }
    }

    private Map<String, String> settled() throws Exception {
        String jdbc = platform.jdbcBase();
        Map<String, String> previous = StateSnapshot.take(jdbc, DATABASES, platform.kafka());
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1500);
            Map<String, String> current = StateSnapshot.take(jdbc, DATABASES, platform.kafka());
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        throw new AssertionError("the platform's state did not settle within 30 s: "
                + StateSnapshot.differences(previous, StateSnapshot.take(jdbc, DATABASES, platform.kafka())));
    }

    /** A set-up call with the admin token or a partner key that must succeed. */
    private Http.Answer call(String method, String url, String adminToken, String body, String partnerKey) {
        Map<String, String> headers = Http.headers("Authorization", Credentials.bearer(partnerKey != null ? partnerKey : adminToken),
                "Content-Type", body == null ? null : "application/json", "Accept", "application/json");
        Http.Answer answer = http.send(new Http.Call("setup", method, url, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
        if (answer.status() < 200 || answer.status() >= 300) {
            throw new AssertionError(method + " " + url + " answered " + answer.status() + ": " + answer.body());
        }
        return answer;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(String what, Condition condition) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
