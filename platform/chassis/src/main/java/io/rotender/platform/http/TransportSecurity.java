package io.rotender.platform.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Response headers every answer carries: {@code Strict-Transport-Security} when it is served over TLS (a
 * browser that once reached the API over HTTPS never falls back to plain HTTP), {@code nosniff} so a
 * problem or a menu is never rendered as something else, and {@code no-store} because answers may carry
 * customer names and order state.
 */
@ApplicationScoped
public class TransportSecurity {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::headers);
    }

    private void headers(RoutingContext ctx) {
        var headers = ctx.response().headers();
        if (ctx.request().isSSL()) {
            headers.set("Strict-Transport-Security", HSTS);
        }
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Cache-Control", "no-store");
        ctx.next();
    }
}
