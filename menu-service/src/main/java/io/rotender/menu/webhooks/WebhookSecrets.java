package io.rotender.menu.webhooks;

import io.rotender.platform.security.Sealer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The endpoints' signing secrets at rest: sealed with {@code ROTENDER_WEBHOOKS_SECRET_KEY} (the chassis' {@link Sealer},
 * bound to the endpoint's row), opened only to sign. A secret is shown once, when created or rotated, and never logged.
 */
@ApplicationScoped
public class WebhookSecrets {

    private final Sealer sealer;

    public WebhookSecrets(WebhookConfig config) {
        this.sealer = new Sealer("rotender.webhooks.secret-key", config.secretKey(), config.secretKeyId(), config.oldSecretKeys());
    }

    public String seal(String endpointId, String secret) {
        return sealer.seal(context(endpointId), secret);
    }

    public String open(String endpointId, String sealed) {
        return sealer.open(context(endpointId), sealed);
    }

    private static String context(String endpointId) {
        return "rotender/webhook_endpoint/" + endpointId + "/secret";
    }
}
