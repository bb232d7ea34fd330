package io.rotender.menu.webhooks;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * An endpoint as the admin sets it: an HTTPS URL, the event types it wants (none: every type), a description, and
 * (on a replace) whether it is enabled.
 */
public record WebhookRequest(@NotBlank @Size(max = 2000) String url,
                             @Size(max = 20) List<@NotBlank @Size(max = 64) String> events,
                             @Size(max = 200) String description,
                             Boolean enabled) {

    List<String> eventsOrAll() {
        return events == null ? List.of() : events.stream().distinct().toList();
    }
}
