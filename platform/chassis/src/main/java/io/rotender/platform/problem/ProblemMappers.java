package io.rotender.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.rotender.platform.json.SafeText;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Maps every failure behind a REST endpoint to an RFC 9457 problem+json answer: no endpoint answers a
 * stack trace, an HTML page or an empty error. Unexpected failures are logged with an error id that the
 * 500 answer repeats, so an operator can find the cause without the client ever seeing it.
 */
public class ProblemMappers {

    private final ObjectMapper mapper;

    public ProblemMappers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = respond(e.toProblem(path(uri)));
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> params = e.getConstraintViolations().stream()
                .map(v -> Map.of("name", JsonFieldNames.of(v, mapper), "reason", reason(v)))
                .sorted(Comparator.comparing((Map<String, String> m) -> m.get("name")).thenComparing(m -> m.get("reason")))
                .toList();
        String detail = params.stream().map(p -> p.get("name") + ": " + p.get("reason")).reduce((a, b) -> a + "; " + b)
                .orElse("the request is not valid");
        return respond(new Problem("invalid-request", "Invalid request", 400, detail, path(uri),
                Map.of("invalid_params", params))).build();
    }

    @ServerExceptionMapper
    public Response unreadable(StreamReadException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return invalidField(e, uri);
    }

    @ServerExceptionMapper
    public Response unmappable(JsonMappingException e, UriInfo uri) {
        return invalidField(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return malformed(e, uri);
    }

    private Response malformed(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem("malformed-json", "Malformed JSON", 400,
                "The body is not valid JSON: " + e.getOriginalMessage(), path(uri), null)).build();
    }

    private Response invalidField(JsonMappingException e, UriInfo uri) {
        String field = JsonFieldNames.of(e);
        String reason;
        if (e instanceof UnrecognizedPropertyException) {
            reason = "unknown field";
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().contains(SafeText.REASON)) {
            reason = SafeText.REASON;
        } else if (e instanceof InvalidFormatException f) {
            reason = "cannot be read as " + describe(f.getTargetType());
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            reason = "must be " + describe(m.getTargetType());
        } else {
            reason = "invalid value";
        }
        return respond(new Problem("invalid-request", "Invalid request", 400, field + ": " + reason, path(uri),
                Map.of("invalid_params", List.of(Map.of("name", field, "reason", reason))))).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonMappingException mapping) {
            return invalidField(mapping, uri);
        }
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return malformed(unreadable, uri);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String detail = switch (status) {
            case 404 -> "No resource at " + path(uri);
            case 405 -> "Method not allowed on " + path(uri);
            case 406 -> "This resource answers application/json only";
            case 415 -> "Unsupported content type: send application/json";
            default -> e.getMessage();
        };
        Response.ResponseBuilder response = respond(new Problem(slug(title), title, status, detail, path(uri), null));
        for (String header : List.of("Allow", "Retry-After", "WWW-Authenticate")) {
            Object value = original.getHeaders().getFirst(header);
            if (value != null) {
                response.header(header, value);
            }
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String state = sqlState(e);
        if ("23505".equals(state)) { // two requests created the same resource at once: the later one may retry
            return respond(new Problem("conflict", "Conflict", 409,
                    "A concurrent request changed the same resource; retry the request", path(uri), null)).build();
        }
        if ("40001".equals(state) || "40P01".equals(state)) {
            return respond(new Problem("busy", "Service Unavailable", 503,
                    "The request collided with a concurrent one; retry it", path(uri), null)).header("Retry-After", "1").build();
        }
        String errorId = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected failure %s on %s", errorId, path(uri));
        return respond(new Problem("internal-error", "Internal error", 500,
                "The request could not be completed; quote error id " + errorId + " to support", path(uri),
                Map.of("error_id", errorId))).build();
    }

    /** The SQLSTATE of a database failure anywhere in the cause chain, or null. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg) {
                return pg.getSqlState();
            }
            if (t instanceof org.hibernate.JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
        }
        return null;
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static String reason(ConstraintViolation<?> violation) {
        return violation.getMessage();
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
