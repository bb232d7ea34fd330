package io.rotender.menu.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rotender.platform.scheduling.PeriodicTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Delivers webhooks, at least once and in order per endpoint and subject (an order's events one after the other):
 * leases due deliveries (replicas never send one at the same time), checks the endpoint's address again, signs and
 * POSTs outside any transaction, then records the attempt. A 2xx is delivered; a timeout, a connection error, 408,
 * 429 or a 5xx is retried with exponential backoff and jitter (honouring a Retry-After) until {@code give-up-after}
 * (a day); any other answer (other 4xx, a redirect, which is never followed) fails the delivery at once. An endpoint
 * failing without a success for {@code disable-after} (a day) is disabled, with the reason its partner sees. Up to
 * {@code in-flight} deliveries are under way at once, at most {@code in-flight-per-endpoint} to one endpoint: a slow or
 * dead endpoint holds only its own share, never another partner's deliveries.
 */
@ApplicationScoped
public class WebhookSender {

    private final Pool pool;
    private final Vertx vertx;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookClient client;
    private final WebhookConfig config;
    private final EndpointAddress addresses;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();
    private PeriodicTask task;
    private PeriodicTask cleanup;

    public WebhookSender(Pool pool, Vertx vertx, WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookClient client,
                         WebhookConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.vertx = vertx;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.client = client;
        this.config = config;
        this.addresses = new EndpointAddress(config.allowHttp(), config.allowedNetworks().orElse(java.util.List.of()));
        this.metrics = metrics;
        this.latency = Timer.builder("rotender.webhooks.delivery.latency")
                .description("From the event that caused a webhook to its delivery (2xx)").publishPercentileHistogram().register(metrics);
    }

    void start(@Observes StartupEvent event) {
        task = PeriodicTask.every(vertx, config.pollInterval(), "Webhook deliveries", this::sendDue);
        cleanup = PeriodicTask.every(vertx, Duration.ofHours(1), "Webhook log clean-up", this::cleanUp);
    }

    void stop(@Observes ShutdownEvent event) {
        if (task != null) {
            task.stop();
            cleanup.stop();
        }
    }

    /** Sends what is due now (after a commit that queued deliveries). */
    public void wake() {
        if (task != null) {
            task.runNow();
        }
    }

    /** The address checker with this service's settings (the admin API checks URLs with it too). */
    public EndpointAddress addresses() {
        return addresses;
    }

    /**
     * An attempt's outcome in one statement: the delivery's state, the attempt in the endpoint's log (unless the delivery
     * went with its endpoint meanwhile), then the endpoint's health ({@link #RECORD_SUCCESS}, {@link #RECORD_FAILURE}).
     */
    private static final String RECORD = """
            WITH delivery AS (
                UPDATE webhook_delivery SET state = $2, last_status = $3, last_error = $4,
                    next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $5) ELSE next_attempt_at END,
                    finished_at = CASE WHEN $2 = 'pending' THEN NULL ELSE now() END
                WHERE id = $1 RETURNING id),
            attempt AS (
                INSERT INTO webhook_attempt (delivery_id, endpoint_id, message_id, http_status, latency_ms, outcome, error, response)
                SELECT id, $6, $7, $3, $8, $9, $4, $10 FROM delivery)
            """;
    /** A success clears the endpoint's failing mark; last_success_at is refreshed at most once a second (a busy endpoint's row is not rewritten per delivery). */
    private static final String RECORD_SUCCESS = RECORD + """
            UPDATE webhook_endpoint SET failing_since = NULL, last_success_at = now()
            WHERE id = $6 AND (failing_since IS NOT NULL OR last_success_at IS NULL OR last_success_at < now() - interval '1 second')""";
    /** A failure marks the endpoint failing since the first one, and disables it once that is {@code disable-after} ago ($11 seconds). */
    private static final String RECORD_FAILURE = RECORD + """
            UPDATE webhook_endpoint SET failing_since = coalesce(failing_since, now()),
                enabled = enabled AND coalesce(failing_since, now()) > now() - make_interval(secs => $11),
                disabled_at = CASE WHEN enabled AND coalesce(failing_since, now()) <= now() - make_interval(secs => $11)
                                   THEN now() ELSE disabled_at END,
                disabled_reason = CASE WHEN enabled AND coalesce(failing_since, now()) <= now() - make_interval(secs => $11)
                                       THEN 'failing since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                                            || ' without a success; last error: ' || $4
                                       ELSE disabled_reason END
            WHERE id = $6 RETURNING enabled""";

    private Uni<Void> sendDue() {
        int room = config.inFlight() - inFlight.get();
        if (room <= 0) {
            return Uni.createFrom().voidItem();
        }
        Set<String> busy = perEndpoint.entrySet().stream().filter(e -> e.getValue().get() >= config.inFlightPerEndpoint())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        return deliveries.lease(room, busy).chain(due -> {
            Uni<Void> released = Uni.createFrom().voidItem();
            for (WebhookDeliveries.Due d : due) {
                AtomicInteger count = perEndpoint.computeIfAbsent(d.endpointId(), id -> new AtomicInteger());
                if (count.incrementAndGet() > config.inFlightPerEndpoint()) {
                    count.decrementAndGet();
                    released = released.chain(() -> deliveries.release(d.id()));
                    continue;
                }
                inFlight.incrementAndGet();
                send(d).onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    count.decrementAndGet();
                    wake();
                }).subscribe().with(ok -> { }, failure -> Log.errorf("Webhook delivery %d not recorded (retried after its lease): %s",
                        d.id(), failure.getMessage()));
            }
            return released;
        });
    }

    private Uni<Void> send(WebhookDeliveries.Due due) {
        WebhookEndpoints.Signing signing = endpoints.signing(due);
        String body = due.body();
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
                    try {
                        return addresses.resolve(signing.url());
                    } catch (EndpointAddress.Refused refused) {
                        throw new AddressRefused(refused.getMessage());
                    }
                }))
                .chain(target -> {
                    long timestamp = Instant.now().getEpochSecond();
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("content-type", "application/json");
                    headers.put("user-agent", "Rotender-Webhooks/1.0");
                    headers.put("webhook-id", due.messageId());
                    headers.put("webhook-timestamp", Long.toString(timestamp));
                    headers.put("webhook-signature", WebhookSignature.header(signing.secrets(), due.messageId(), timestamp, body));
                    return client.post(target, headers, body);
                })
                .chain(answer -> record(due, answer, null))
                .onFailure().recoverWithUni(failure -> record(due, null, failure));
    }

    /** An address refused at delivery time (it resolves elsewhere now); one that does not resolve is retried. */
    private static final class AddressRefused extends RuntimeException {
        AddressRefused(String message) {
            super(message, null, false, false);
        }

        boolean lasting() {
            return !getMessage().contains("does not resolve");
        }
    }

    private Uni<Void> record(WebhookDeliveries.Due due, WebhookClient.Answer answer, Throwable failure) {
        Integer status = answer == null ? null : answer.status();
        boolean delivered = status != null && status >= 200 && status < 300;
        boolean retryable = failure != null ? !(failure instanceof AddressRefused refused && refused.lasting())
                : status == 408 || status == 429 || status >= 500;
        String error = failure != null ? (failure instanceof AddressRefused ? "address refused: " : "") + failure.getMessage()
                : delivered ? null : "answered " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : "");
        boolean givenUp = !delivered && (!retryable || OffsetDateTime.now().isAfter(due.createdAt().plus(config.giveUpAfter())));
        String outcome = delivered ? "delivered" : givenUp ? "failed" : "retry";
        if (givenUp && retryable) {
            error = error + "; given up after " + due.attempts() + " attempts since " + due.createdAt();
        }
        double delay = delayAfter(due.attempts(), answer == null ? null : answer.retryAfterSeconds());
        int latencyMs = answer == null ? (int) config.timeout().toMillis() : answer.latencyMs();
        metrics.counter("rotender.webhooks.attempts", "outcome", outcome).increment();
        if (delivered) {
            latency.record(Duration.between(due.occurredAt(), OffsetDateTime.now()).toNanos(), TimeUnit.NANOSECONDS);
        } else {
            Log.infof("Webhook %s to endpoint %s, attempt %d: %s (%s)", due.messageId(), due.endpointId(), due.attempts(), outcome, error);
        }
        String finalError = error;
        Tuple values = Tuple.tuple().addValue(due.id()).addValue(delivered ? "delivered" : givenUp ? "failed" : "pending")
                .addValue(status).addValue(finalError).addValue(delay).addValue(due.endpointId()).addValue(due.messageId())
                .addValue(latencyMs).addValue(outcome).addValue(answer == null ? null : answer.body());
        if (delivered) {
            return pool.preparedQuery(RECORD_SUCCESS).execute(values).replaceWithVoid();
        }
        return pool.preparedQuery(RECORD_FAILURE).execute(values.addValue((double) config.disableAfter().toSeconds()))
                .invoke(rows -> {
                    if (rows.iterator().hasNext() && !rows.iterator().next().getBoolean("enabled")) {
                        Log.warnf("Webhook endpoint %s is disabled: failing for %s (%s)", due.endpointId(), config.disableAfter(), finalError);
                    }
                })
                .invoke(() -> {
                    if (!givenUp) {
                        task.runAfter(Duration.ofMillis((long) (delay * 1000)));
                    }
                })
                .replaceWithVoid();
    }

    /** Seconds until the next attempt: doubling from the first delay, at most the maximum, ±20% jitter; longer if asked. */
    double delayAfter(int attempts, Long retryAfterSeconds) {
        double base = config.firstRetryDelay().toMillis() * Math.pow(2, Math.max(0, Math.min(attempts - 1, 30)));
        double capped = Math.min(base, config.maxRetryDelay().toMillis());
        double jittered = capped * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()) / 1000.0;
        if (retryAfterSeconds != null) {
            jittered = Math.max(jittered, Math.min(retryAfterSeconds, config.maxRetryDelay().toSeconds()));
        }
        return jittered;
    }

    private Uni<Void> cleanUp() {
        double keep = config.retention().toSeconds();
        return pool.preparedQuery("DELETE FROM webhook_delivery WHERE state <> 'pending' AND finished_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of(keep))
                .chain(() -> pool.preparedQuery("""
                        DELETE FROM webhook_message m WHERE m.created_at < now() - make_interval(secs => $1)
                          AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.message_id = m.id)""").execute(Tuple.of(keep)))
                .replaceWithVoid();
    }
}
