package io.rotender.menu.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Partner webhooks: where they may go, how they are sent and retried, and the key that seals their secrets. */
@ConfigMapping(prefix = "rotender.webhooks")
public interface WebhookConfig {

    /** Plain {@code http://} endpoints (never in production; the local run and tests use it for their receivers). */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Networks (CIDR) that endpoints may be in although they are not public: loopback, private, link-local and the
     * like are refused unless listed here, for a cluster-internal receiver an operator trusts
     * ({@code ROTENDER_WEBHOOKS_ALLOWED_NETWORKS}, e.g. {@code 10.42.0.0/16}).
     */
    Optional<List<String>> allowedNetworks();

    /** How long one delivery may take, connection included. */
    @WithDefault("10s")
    Duration timeout();

    /** How much of an endpoint's answer is read (and kept in the delivery log); the rest is ignored. */
    @WithDefault("4096")
    int maxResponseBytes();

    /**
     * How often due deliveries are looked for when nothing woke the sender: a commit that queued deliveries wakes it, a
     * retry wakes it at its due time in the replica that scheduled it, so this only catches what no replica announced
     * (leases of a replica that died, deliveries queued by a replica that stopped).
     */
    @WithDefault("5s")
    Duration pollInterval();

    /** The first retry's delay; each next one doubles, with jitter, up to {@link #maxRetryDelay()}. */
    @WithDefault("5s")
    Duration firstRetryDelay();

    @WithDefault("2h")
    Duration maxRetryDelay();

    /** A delivery still failing this long after its event is given up. */
    @WithDefault("24h")
    Duration giveUpAfter();

    /** An endpoint failing without a success for this long is disabled (its partner sees why). */
    @WithDefault("24h")
    Duration disableAfter();

    /** Deliveries under way at once in this replica. */
    @WithDefault("64")
    int inFlight();

    /**
     * Deliveries under way at once to one endpoint in this replica: a slow endpoint holds only these (one order's
     * deliveries still go one after the other). Measured: 4 kept one busy partner's endpoint at about 27 deliveries/s.
     */
    @WithDefault("16")
    int inFlightPerEndpoint();

    /** Endpoints per partner. */
    @WithDefault("10")
    int maxEndpointsPerPartner();

    /** How long delivered or failed deliveries, their attempts and their messages are kept (replay range). */
    @WithDefault("30d")
    Duration retention();

    /** AES-256 key (base64 of 32 bytes) sealing the signing secrets: {@code ROTENDER_WEBHOOKS_SECRET_KEY}. */
    String secretKey();

    @WithDefault("k1")
    String secretKeyId();

    /** Older keys still needed to open secrets sealed with them: {@code id:base64,...}. */
    Optional<String> oldSecretKeys();
}
