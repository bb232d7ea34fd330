package io.rotender.local.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The security check of the running local platform (deploy/local/check-security): the authorization matrix
 * over every endpoint, at least {@code target} malformed and hostile requests across every endpoint, a
 * comparison of all stored and published state before and after them, a scan of the services' logs for
 * every credential used, and an admin token rotation without restart. Prints the counts and exits non-zero
 * on any failure.
 * <p>
 * Usage: {@code SecurityCheck <state-dir> [target-requests]}; ports from the environment as deploy/local/run.
 */
public final class SecurityCheck {

    private static final String PARTNER_B = "sec-partner-b";

    private SecurityCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        int target = args.length > 1 ? Integer.parseInt(args[1]) : 12_000;
        String host = "http://localhost:";
        Targets targets = new Targets(host + env("ROTENDER_LOCAL_MENU_PORT", "8081"), host + env("ROTENDER_LOCAL_INVENTORY_PORT", "8082"),
                host + env("ROTENDER_LOCAL_ORDER_PORT", "8083"), host + env("ROTENDER_LOCAL_CONNECTORS_PORT", "8084"),
                host + env("ROTENDER_LOCAL_SIMULATOR_PORT", "8090"));
        String jdbc = "jdbc:postgresql://127.0.0.1:" + env("ROTENDER_LOCAL_PG_PORT", "15432") + "/";
        String kafka = "127.0.0.1:" + env("ROTENDER_LOCAL_KAFKA_PORT", "19092");
        List<String> databases = List.of("menu", "inventory", "orders", "connectors");
        ObjectMapper mapper = new ObjectMapper();
        Http http = new Http(16);
        List<String> failures = new ArrayList<>();

        String admin = read(state, "admin-token");
        String partnerA = read(state, "partner-key-demo-app");
        // partner B: a second partner on the demo bar, to show that a partner sees only its own orders
        call(http, "PUT", targets.menu() + "/admin/partners/" + PARTNER_B, admin, "{\"name\":\"Security check partner\",\"venues\":[\"demo-bar\"]}");
        JsonNode issued = mapper.readTree(call(http, "POST", targets.menu() + "/admin/partners/" + PARTNER_B + "/keys", admin, null).body());
        String partnerB = issued.path("key").asText();
        Credentials creds = new Credentials(admin, partnerA, partnerB, read(state, "restaumatic-hook-token"), read(state, "portos-api-key"));
        waitUntil("partner B's key works on order-service", () -> http.send(new Http.Call("wait", "GET",
                targets.orders() + "/venues/demo-bar/orders", Map.of("Authorization", Credentials.bearer(partnerB)), null)).status() == 200);
        waitUntil("vodka-soda is on the demo bar's menu (its unit is online)", () -> http.send(new Http.Call("wait", "GET",
                targets.menu() + "/venues/demo-bar", Map.of("Authorization", Credentials.bearer(partnerA)), null)).body().contains("\"vodka-soda\""));
        Http.Answer placed = http.send(new Http.Call("setup", "POST", targets.orders() + "/venues/demo-bar/orders",
                Map.of("Authorization", Credentials.bearer(partnerA), "Content-Type", "application/json"),
                "{\"customer\":{\"first_name\":\"Sec\",\"last_name\":\"Check\"},\"items\":[{\"drink_id\":\"vodka-soda\",\"quantity\":1}],\"payment\":{\"status\":\"paid\"}}"
                        .getBytes(StandardCharsets.UTF_8)));
        if (placed.status() != 201) {
            throw new IllegalStateException("placing partner A's order answered " + placed.status() + ": " + placed.body());
        }
        String orderA = mapper.readTree(placed.body()).path("id").asText();

        Map<String, String> before = settled(jdbc, databases, kafka);
        System.out.printf("state before: %d tables and topics%n", before.size());

        List<Endpoint> endpoints = Catalogue.all(targets, mapper);
        AccessMatrix matrix = new AccessMatrix(http, mapper, creds);
        List<String> matrixFailures = matrix.run(endpoints, targets, orderA);
        System.out.printf("access matrix: %d calls over %d endpoints, answers by status %s, %d failures%n",
                matrix.calls(), endpoints.size(), matrix.byStatus(), matrixFailures.size());
        failures.addAll(matrixFailures);

        long start = System.nanoTime();
        List<Http.Call> calls = new HostileRequests(mapper, creds).build(endpoints, target, 20261123L);
        FuzzRun fuzz = new FuzzRun();
        List<String> fuzzFailures = new ArrayList<>(fuzz.run(http, calls));
        fuzz.judgeRaw(RawHttp.build(targets.services(), admin, partnerA));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d hostile requests sent in %.1f s (%d more the HTTP client itself refused to send)%n",
                fuzz.sent(), seconds, fuzz.notSendable());
        System.out.printf("fuzz: answers by status %s (%d sent again on a new connection: their pooled one had been closed)%n",
                fuzz.byStatus(), fuzz.resent());
        System.out.printf("fuzz: requests by kind %s%n", fuzz.byKind());
        failures.addAll(fuzzFailures);
        if (fuzz.sent() < 10_000) {
            failures.add("only " + fuzz.sent() + " hostile requests were sent, expected at least 10000");
        }

        Map<String, String> after = settled(jdbc, databases, kafka);
        List<String> changed = StateSnapshot.differences(before, after);
        System.out.printf("state after: %d tables and topics, %d changed%n", after.size(), changed.size());
        changed.forEach(c -> failures.add("state changed: " + c));

        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the admin token", admin);
        secrets.put("partner A's key", partnerA);
        secrets.put("partner A's key secret", partnerA.substring(partnerA.indexOf('.') + 1));
        secrets.put("partner B's key", partnerB);
        secrets.put("partner B's key secret", partnerB.substring(partnerB.indexOf('.') + 1));
        secrets.put("the Restaumatic hook token", creds.hookToken());
        secrets.put("the Restaumatic API token", read(state, "restaumatic-api-token"));
        secrets.put("the PORTOS key", creds.portosKey());
        secrets.put("the code HMAC secret", read(state, "code-secret"));
        secrets.put("the connectors' encryption key", read(state, "connectors-key"));
        secrets.put("the webhooks' encryption key", read(state, "webhooks-key"));
        failures.addAll(LogScan.scan(state.resolve("logs"), secrets));

        // leave the platform as it was: cancel partner A's order, revoke partner B's key
        try {
            call(http, "PUT", targets.orders() + "/venues/demo-bar/orders/" + orderA, null, "{\"status\":\"cancelled\"}", partnerA);
            call(http, "DELETE", targets.menu() + "/admin/partners/" + PARTNER_B + "/keys/" + issued.path("keyId").asText(), admin, null);
        } catch (IllegalStateException e) {
            failures.add("clean-up after the check: " + e.getMessage());
        }

        failures.addAll(AdminRotation.rotate(http, state, List.of("GET " + targets.menu() + "/admin/partners/demo-app",
                "GET " + targets.inventory() + "/admin/venues/demo-bar/units",
                "POST " + targets.orders() + "/admin/orders/" + Catalogue.ID_TOO_LONG + "/code",
                "GET " + targets.connectors() + "/admin/venues/demo-portos/pos")));

        if (failures.isEmpty()) {
            System.out.println("Security check passed");
            return;
        }
        failures.forEach(f -> System.out.println("FAILED " + f));
        System.out.println("Security check failed: " + failures.size() + " failures");
        System.exit(1);
    }

    private static Map<String, String> settled(String jdbc, List<String> databases, String kafka) throws Exception {
        Map<String, String> previous = StateSnapshot.take(jdbc, databases, kafka);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1500);
            Map<String, String> current = StateSnapshot.take(jdbc, databases, kafka);
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        throw new IllegalStateException("the platform's state did not settle within 30 s: "
                + StateSnapshot.differences(previous, StateSnapshot.take(jdbc, databases, kafka)));
    }

    private static Http.Answer call(Http http, String method, String url, String adminToken, String body) {
        return call(http, method, url, adminToken, body, null);
    }

    private static Http.Answer call(Http http, String method, String url, String adminToken, String body, String partnerKey) {
        Map<String, String> headers = Http.headers("Authorization", Credentials.bearer(partnerKey != null ? partnerKey : adminToken),
                "Content-Type", body == null ? null : "application/json", "Accept", "application/json");
        Http.Answer answer = http.send(new Http.Call("setup", method, url, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
        if (answer.status() < 200 || answer.status() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + answer.status() + ": " + answer.body());
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
                throw new IllegalStateException("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    private static String read(Path state, String name) throws Exception {
        return Files.readString(state.resolve(name)).strip();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
