package io.rotender.platform.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown (or returned as a failed Uni) anywhere behind a REST endpoint to answer with a problem+json body.
 * {@code slug} becomes the stable type URI; extension members carry machine-readable details.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** 400 with one invalid field named. */
    public static ProblemException invalidField(String field, String reason) {
        return new ProblemException(400, "invalid-request", "Invalid request", field + ": " + reason)
                .with("invalid_params", List.of(Map.of("name", field, "reason", reason)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " does not exist");
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail);
    }

    /** Adds an extension member to the problem body. */
    public ProblemException with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    /** Adds a response header (for example {@code Retry-After}). */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(slug, title, status, getMessage(), instance, extensions);
    }

    public Map<String, String> headers() {
        return headers;
    }
}
