package io.rotender.platform.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.UUID;

/**
 * problem+json below the REST layer too: a path no endpoint serves answers a 404 problem, and a failure the
 * HTTP layer raises itself (body too large, a broken request) answers a problem rather than Vert.x's plain
 * text or Quarkus's HTML error page.
 */
@ApplicationScoped
public class ProblemRoutes {

    private final ObjectMapper mapper;

    public ProblemRoutes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx,
                new Problem("not-found", "Not Found", 404, "No resource at " + ctx.normalizedPath(), ctx.normalizedPath(), null)));
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        Problem problem;
        if (status < 500) {
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
            String detail = status == 413 ? "The request body is larger than this endpoint accepts" : title;
            problem = new Problem(title.toLowerCase().replaceAll("[^a-z0-9]+", "-"), title, status, detail, ctx.normalizedPath(), null);
        } else {
            String errorId = UUID.randomUUID().toString();
            Log.errorf(ctx.failure(), "Unexpected failure %s on %s", errorId, ctx.normalizedPath());
            problem = new Problem("internal-error", "Internal error", 500,
                    "The request could not be completed; quote error id " + errorId + " to support", ctx.normalizedPath(),
                    Map.of("error_id", errorId));
        }
        write(ctx, problem);
    }

    /** Ends the exchange with the problem as its answer. */
    public void write(RoutingContext ctx, Problem problem) {
        try {
            ctx.response().setStatusCode(problem.getStatus())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(problem));
        } catch (Exception e) {
            ctx.response().setStatusCode(problem.getStatus()).end();
        }
    }
}
