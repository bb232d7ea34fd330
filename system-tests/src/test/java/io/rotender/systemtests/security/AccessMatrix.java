package io.rotender.systemtests.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The authorization matrix, enforced against the running services: every endpoint of the catalogue is
 * called with every kind of credential, and each answer must match who may call it (401 without the right
 * credential, 403 for a partner outside its venues, neither for the right one). Calls a credential may
 * make carry a body or id the service must refuse, so the matrix changes nothing. Also checks that the
 * catalogue and each service's OpenAPI document name the same endpoints, and that a partner sees only its
 * own orders.
 */
final class AccessMatrix {

    private final Http http;
    private final ObjectMapper mapper;
    private final Credentials creds;
    private final List<String> failures = new ArrayList<>();
    private final Map<Integer, Integer> byStatus = new HashMap<>();
    private int calls;

    AccessMatrix(Http http, ObjectMapper mapper, Credentials creds) {
        this.http = http;
        this.mapper = mapper;
        this.creds = creds;
    }

    private record Who(String name, String authorization, String portosKey) {
    }

    List<String> run(List<Endpoint> endpoints, Targets targets, String partnerAOrder) throws Exception {
        List<Who> everyone = List.of(
                new Who("anonymous", null, null),
                new Who("garbage bearer", "Bearer rtk_nope.0123456789", null),
                new Who("admin", Credentials.bearer(creds.admin()), null),
                new Who("partner A", Credentials.bearer(creds.partnerA()), null),
                new Who("partner B", Credentials.bearer(creds.partnerB()), null),
                new Who("restaumatic hook token", Credentials.restaumatic(creds.hookToken()), null),
                new Who("portos key as bearer", Credentials.bearer(creds.portosKey()), null),
                new Who("portos key", null, creds.portosKey()),
                new Who("wrong portos key", null, "wrong-portos-key-0123456789"));
        for (Endpoint e : endpoints) {
            for (Who who : everyone) {
                boolean allowed = switch (e.family()) {
                    case ADMIN -> who.name().equals("admin");
                    case PARTNER, PARTNER_ACCOUNT -> who.name().startsWith("partner ");
                    case RESTAUMATIC -> who.name().equals("restaumatic hook token");
                    case PORTOS -> who.name().equals("portos key");
                };
                Http.Answer answer = call(e, e.path(), who);
                if (allowed) {
                    expectAllowed(e, who.name(), answer);
                } else if (e.family() == Family.PORTOS && who.portosKey() == null) {
                    expect(e, who.name(), answer, Set.of(400, 401)); // no key at all: a missing parameter (seed 002)
                } else {
                    expect(e, who.name(), answer, Set.of(401));
                }
            }
            if (e.family() == Family.PARTNER) { // venue scope: the key is valid, the venue is not its own
                expect(e, "partner A on a venue outside its scope", call(e, e.path("venueId", "sec-outside-venue"),
                        new Who("partner A", Credentials.bearer(creds.partnerA()), null)), Set.of(403));
                expect(e, "partner B on a venue outside its scope", call(e, e.path("venueId", "demo-portos"),
                        new Who("partner B", Credentials.bearer(creds.partnerB()), null)), Set.of(403));
            }
        }
        for (String base : targets.services()) {
            for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
                Http.Answer answer = http.send(new Http.Call("operations", "GET", base + path, Map.of(), null));
                count(answer);
                if (answer.status() != 200) {
                    failures.add("GET " + base + path + " anonymously answered " + answer.status() + ", expected 200");
                }
            }
        }
        ownOrdersOnly(targets, partnerAOrder);
        coverage(endpoints, targets);
        return failures;
    }

    int calls() {
        return calls;
    }

    Map<Integer, Integer> byStatus() {
        return byStatus;
    }

    private Http.Answer call(Endpoint e, String path, Who who) {
        Map<String, String> query = new LinkedHashMap<>(e.query());
        if (who.portosKey() != null) {
            query.put("key", who.portosKey());
        }
        byte[] body = e.body() == null ? null : "{\"fuzz_unknown_field\":true}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Http.headers("Authorization", who.authorization(),
                "Content-Type", body == null ? null : "application/json", "Accept", "application/json");
        Http.Answer answer = http.send(new Http.Call(who.name(), e.method(), Http.url(e.baseUrl(), path, query), headers, body));
        count(answer);
        return answer;
    }

    private void count(Http.Answer answer) {
        calls++;
        byStatus.merge(answer.status(), 1, Integer::sum);
    }

    private void expectAllowed(Endpoint e, String who, Http.Answer answer) {
        int s = answer.status();
        boolean ok = s != 401 && s != 403 && s > 0 && s < 500 && (e.mutating() ? s >= 400 : s < 300 || s == 404);
        if (!ok) {
            failures.add(e.key() + " as " + who + ": answered " + s + " (expected " + (e.mutating()
                    ? "a 4xx refusal of the body, not 401/403" : "200 or 404") + ") " + abbreviate(answer.body()));
        }
    }

    private void expect(Endpoint e, String who, Http.Answer answer, Set<Integer> statuses) {
        if (!statuses.contains(answer.status())) {
            failures.add(e.key() + " as " + who + ": answered " + answer.status() + ", expected " + statuses + " "
                    + abbreviate(answer.body()));
        }
    }

    /** Partner B, scoped to the same venue, can neither see nor change partner A's order. */
    private void ownOrdersOnly(Targets t, String order) throws Exception {
        String url = t.orders() + "/venues/" + Catalogue.VENUE + "/orders/" + order;
        Map<String, String> a = Http.headers("Authorization", Credentials.bearer(creds.partnerA()), "Accept", "application/json");
        Map<String, String> b = Http.headers("Authorization", Credentials.bearer(creds.partnerB()), "Accept", "application/json",
                "Content-Type", "application/json");
        Http.Answer own = http.send(new Http.Call("own order", "GET", url, a, null));
        Http.Answer other = http.send(new Http.Call("other's order", "GET", url, b, null));
        Http.Answer cancel = http.send(new Http.Call("cancel other's order", "PUT", url, b,
                "{\"status\":\"cancelled\"}".getBytes(StandardCharsets.UTF_8)));
        Http.Answer list = http.send(new Http.Call("list", "GET", t.orders() + "/venues/" + Catalogue.VENUE + "/orders?limit=200", b, null));
        for (Http.Answer answer : List.of(own, other, cancel, list)) {
            count(answer);
        }
        if (own.status() != 200) {
            failures.add("partner A cannot read its own order " + order + ": " + own.status());
        }
        if (other.status() != 404) {
            failures.add("partner B reading partner A's order answered " + other.status() + ", expected 404");
        }
        if (cancel.status() != 404) {
            failures.add("partner B cancelling partner A's order answered " + cancel.status() + ", expected 404");
        }
        if (list.status() != 200 || list.body().contains(order)) {
            failures.add("partner B's order list " + (list.status() != 200 ? "answered " + list.status() : "shows partner A's order"));
        }
    }

    /** The catalogue names exactly the endpoints the services' OpenAPI documents describe. */
    private void coverage(List<Endpoint> endpoints, Targets t) throws Exception {
        Set<String> documented = new TreeSet<>();
        Map<String, String> services = Map.of(t.menu(), "menu-service", t.inventory(), "inventory-service",
                t.orders(), "order-service", t.connectors(), "proxy-connectors");
        for (var s : services.entrySet()) {
            Http.Answer answer = http.send(new Http.Call("openapi", "GET", s.getKey() + "/q/openapi?format=json",
                    Http.headers("Accept", "application/json"), null));
            JsonNode doc = mapper.readTree(answer.body());
            doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
                if (Set.of("get", "put", "post", "delete", "patch").contains(m)) {
                    documented.add(s.getValue() + " " + m.toUpperCase() + " " + p.getKey());
                }
            }));
        }
        Set<String> catalogued = new TreeSet<>();
        endpoints.forEach(e -> catalogued.add(e.key()));
        for (String d : documented) {
            if (!catalogued.contains(d)) {
                failures.add("endpoint not in the access matrix: " + d);
            }
        }
        for (String c : catalogued) {
            if (!documented.contains(c)) {
                failures.add("access matrix names an endpoint no OpenAPI document describes: " + c);
            }
        }
        System.out.printf("access matrix: %d endpoints documented by the services' OpenAPI, all covered: %b%n",
                documented.size(), catalogued.containsAll(documented));
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
