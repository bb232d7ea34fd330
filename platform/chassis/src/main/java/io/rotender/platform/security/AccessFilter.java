package io.rotender.platform.security;

import io.rotender.platform.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;

/**
 * Guards the path families before any endpoint runs: admin paths need a token whose SHA-256 is one
 * of the configured admin hashes; partner paths ({@code /venues/{venueId}/...}) need a partner key, and
 * that partner must be scoped to the venue; the partner's own paths ({@code /partner/...}) need a partner key. 401 without or with an unknown credential, 403 for another
 * venue; both are problem+json. Credentials are compared in constant time and never logged.
 */
public class AccessFilter {

    private final SecurityConfig config;
    private final AdminCredentials admins;
    private final PartnerDirectory partners;
    private final CurrentPartner current;

    public AccessFilter(SecurityConfig config, AdminCredentials admins, PartnerDirectory partners, CurrentPartner current) {
        this.config = config;
        this.admins = admins;
        this.partners = partners;
        this.current = current;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> check(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/+", "");
        if (path.startsWith(config.adminPathPrefix()) || path.equals(trimSlash(config.adminPathPrefix()))) {
            return Uni.createFrom().item(admins.accepts(bearer(request)) ? null : unauthorized("admin"));
        }
        if (path.startsWith(config.partnerPathPrefix())) {
            String[] segments = path.substring(config.partnerPathPrefix().length()).split("/", 4);
            String orderId = segments.length >= 3 && "orders".equals(segments[1]) && !segments[2].isEmpty() ? segments[2] : null;
            return partnerCheck(bearer(request), segments[0], orderId);
        }
        if (path.startsWith(config.partnerAccountPathPrefix()) || path.equals(trimSlash(config.partnerAccountPathPrefix()))) {
            return partnerCheck(bearer(request), null, null);
        }
        return Uni.createFrom().nullItem();
    }

    private Uni<Response> partnerCheck(String token, String venueId, String orderId) {
        var key = PartnerKey.parse(token);
        if (key.isEmpty()) {
            return Uni.createFrom().item(unauthorized("partner"));
        }
        return partners.authenticate(key.get()).map(found -> {
            if (found.isEmpty()) {
                return unauthorized("partner");
            }
            if (venueId != null && !found.get().mayUse(venueId)) {
                return problem(403, "forbidden-venue", "Forbidden", "This partner key is not allowed for venue " + venueId);
            }
            current.set(found.get());
            // every log line of this request names the partner, the venue and the order (JSON logs: fields of their own)
            MDC.put("partnerId", found.get().id());
            if (venueId != null) {
                MDC.put("venueId", venueId);
            }
            if (orderId != null) {
                MDC.put("orderId", orderId);
            }
            return null;
        });
    }

    private static String bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    private static Response unauthorized(String kind) {
        return Response.fromResponse(problem(401, "unauthorized", "Unauthorized",
                        "A valid " + kind + " credential is required: Authorization: Bearer <" + kind + " key>"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rotender\"").build();
    }

    private static Response problem(int status, String slug, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(slug, title, status, detail, null, Map.of())).build();
    }

    private static String trimSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
