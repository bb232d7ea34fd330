package io.rotender.platform.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.rotender.platform.problem.Problem;
import io.rotender.platform.problem.ProblemRoutes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.regex.Pattern;

/**
 * The first look at every request, before routing and before any credential is read:
 * <ul>
 *   <li>the path must be plain segments ({@code A-Z a-z 0-9 . _ ~ -}): matrix parameters, percent-encoding,
 *   dot segments and empty segments could make a path the router matches look like another one to the
 *   access checks, so they are a 400 problem;</li>
 *   <li>a declared body larger than the limit is a 413 problem at once, before a byte of it is read (a body
 *   sent without a length is cut at the same limit by the HTTP layer).</li>
 * </ul>
 */
@ApplicationScoped
public class RequestGuard {

    private static final Pattern PLAIN_PATH = Pattern.compile("(/[A-Za-z0-9._~-]*)+");
    private static final Pattern DOT_SEGMENT = Pattern.compile("/\\.{1,2}(/|$)");

    private final ProblemRoutes problems;
    private final long maxBodyBytes;

    public RequestGuard(ProblemRoutes problems,
                        @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBody) {
        this.problems = problems;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    private void refuse(RoutingContext ctx, Problem problem) {
        // the body of a refused request is never read: close the connection rather than leave it unread
        ctx.response().putHeader("Connection", "close");
        problems.write(ctx, problem);
    }

    private void guard(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null || !PLAIN_PATH.matcher(path).matches() || path.contains("//") || DOT_SEGMENT.matcher(path).find()) {
            refuse(ctx, new Problem("malformed-path", "Bad Request", 400,
                    "The request path must be plain segments of letters, digits, '-', '_', '.' and '~'", null, null));
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                refuse(ctx, new Problem("bad-request", "Bad Request", 400, "Content-Length is not a number", null, null));
                return;
            }
            if (declared > maxBodyBytes) {
                refuse(ctx, new Problem("payload-too-large", "Payload Too Large", 413,
                        "The request body is larger than the " + maxBodyBytes + " bytes this service accepts", null, null));
                return;
            }
        }
        ctx.next();
    }
}
