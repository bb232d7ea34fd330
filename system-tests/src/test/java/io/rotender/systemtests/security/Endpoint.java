package io.rotender.systemtests.security;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * One endpoint of one service: its method and path template (as the service's OpenAPI names it), who may
 * call it, and for endpoints that take a body a template of a valid body with the JSON pointers of its
 * constrained text fields (ids, enumerations, codes, URLs: where any hostile text must be refused). Path
 * parameters are filled from {@code ids}; {@code query} holds the valid query parameters.
 */
record Endpoint(String service, String baseUrl, String method, String template, Family family,
                Map<String, String> ids, Map<String, String> query, JsonNode body, Set<String> constrained) {

    boolean mutating() {
        return !method.equals("GET");
    }

    /** The path with its parameters filled in, one of them replaced when {@code param} is not null. */
    String path(String param, String value) {
        String path = template;
        for (var id : ids.entrySet()) {
            String v = id.getKey().equals(param) ? value : id.getValue();
            path = path.replace("{" + id.getKey() + "}", v);
        }
        return path;
    }

    String path() {
        return path(null, null);
    }

    String key() {
        return service + " " + method + " " + template;
    }
}
