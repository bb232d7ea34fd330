package io.rotender.menu.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A partner's webhook endpoint as its partner and the admin see it (snake_case like the partner API): the secret only
 * in the answer that created or rotated it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEndpoint(String id,
                              @JsonProperty("partner_id") String partnerId,
                              String url,
                              List<String> events,
                              String description,
                              boolean enabled,
                              @JsonProperty("disabled_reason") String disabledReason,
                              @JsonProperty("disabled_at") OffsetDateTime disabledAt,
                              @JsonProperty("failing_since") OffsetDateTime failingSince,
                              @JsonProperty("last_success_at") OffsetDateTime lastSuccessAt,
                              @JsonProperty("previous_secret_valid_until") OffsetDateTime previousSecretValidUntil,
                              @JsonProperty("pending_deliveries") Long pendingDeliveries,
                              @JsonProperty("created_at") OffsetDateTime createdAt,
                              @JsonProperty("updated_at") OffsetDateTime updatedAt,
                              String secret) {

    WebhookEndpoint withSecret(String secret) {
        return new WebhookEndpoint(id, partnerId, url, events, description, enabled, disabledReason, disabledAt, failingSince,
                lastSuccessAt, previousSecretValidUntil, pendingDeliveries, createdAt, updatedAt, secret);
    }
}
