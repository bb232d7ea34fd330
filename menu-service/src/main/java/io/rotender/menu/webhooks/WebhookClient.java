package io.rotender.menu.webhooks;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * POSTs one webhook to a checked address ({@link EndpointAddress.Target}): the connection goes to the address that
 * was checked while the Host header, SNI and certificate check use the URL's host; redirects are never followed;
 * at most {@code max-response-bytes} of the answer are read; the whole exchange is bounded by the timeout.
 */
@ApplicationScoped
public class WebhookClient {

    /** What the endpoint answered: status, the start of its body, its Retry-After (seconds) if any, and how long it took. */
    public record Answer(int status, String body, Long retryAfterSeconds, int latencyMs) {
    }

    private final HttpClient http;
    private final WebhookConfig config;

    public WebhookClient(Vertx vertx, WebhookConfig config) {
        this.config = config;
        this.http = vertx.getDelegate().createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis()).setVerifyHost(true).setForceSni(true)
                .setKeepAlive(true).setMaxPoolSize(config.inFlight()).setTryUseCompression(false)
                .setName("rotender-webhooks"));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    public Uni<Answer> post(EndpointAddress.Target target, Map<String, String> headers, String body) {
        long timeout = config.timeout().toMillis();
        int max = config.maxResponseBytes();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.host()).setPort(target.port())
                .setURI(target.pathAndQuery()).setSsl(target.https()).setFollowRedirects(false).setTimeout(timeout)
                .setConnectTimeout(timeout).setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()));
        headers.forEach(options::putHeader);
        long started = System.nanoTime();
        return Uni.createFrom().<Answer>emitter(emitter -> http.request(options)
                        .compose(request -> request.send(Buffer.buffer(body)))
                        .onFailure(emitter::fail)
                        .onSuccess(response -> read(response, max, started, emitter)))
                .ifNoItem().after(config.timeout()).failWith(() -> new TimeoutException("no answer within " + config.timeout()));
    }

    private static void read(HttpClientResponse response, int max, long started, io.smallrye.mutiny.subscription.UniEmitter<? super Answer> emitter) {
        Buffer kept = Buffer.buffer();
        Long retryAfter = retryAfter(response.getHeader("Retry-After"));
        response.exceptionHandler(emitter::fail);
        response.handler(chunk -> {
            if (kept.length() < max) {
                kept.appendBuffer(chunk.length() <= max - kept.length() ? chunk : chunk.slice(0, max - kept.length()));
                if (kept.length() >= max) { // enough: the rest is not read
                    emitter.complete(new Answer(response.statusCode(), kept.toString(), retryAfter, millis(started)));
                    response.request().reset();
                }
            }
        });
        response.endHandler(end -> emitter.complete(new Answer(response.statusCode(), kept.toString(), retryAfter, millis(started))));
    }

    private static Long retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds >= 0 ? seconds : null;
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the own backoff applies
        }
    }

    private static int millis(long started) {
        return (int) ((System.nanoTime() - started) / 1_000_000);
    }
}
