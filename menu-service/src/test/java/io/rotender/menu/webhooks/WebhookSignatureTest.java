package io.rotender.menu.webhooks;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our signatures, checked by the Standard Webhooks reference library (not by our own code). */
class WebhookSignatureTest {

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }

    @Test
    void theReferenceLibraryVerifiesWhatWeSignAndRefusesATamperedBody() throws Exception {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_").hasSize(6 + 44);
        long now = Instant.now().getEpochSecond();
        String body = "{\"id\":\"msg_1\",\"type\":\"order.poured\",\"timestamp\":\"2026-11-30T09:00:00Z\",\"data\":{\"id\":\"ord_1\"}}";
        String signature = WebhookSignature.header(List.of(secret), "msg_1", now, body);
        assertThat(signature).startsWith("v1,");

        new Webhook(secret).verify(body, headers("msg_1", now, signature));
        assertThatThrownBy(() -> new Webhook(secret).verify(body.replace("poured", "failed"), headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(WebhookSignature.newSecret()).verify(body, headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        // the library also signs: the same bytes
        assertThat(signature).isEqualTo(new Webhook(secret).sign("msg_1", now, body));
    }

    @Test
    void duringARotationEitherSecretVerifies() throws Exception {
        String old = WebhookSignature.newSecret();
        String current = WebhookSignature.newSecret();
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.header(List.of(current, old), "msg_2", now, "{}");
        assertThat(signature.split(" ")).hasSize(2).allSatisfy(part -> assertThat(part).startsWith("v1,"));
        new Webhook(old).verify("{}", headers("msg_2", now, signature));
        new Webhook(current).verify("{}", headers("msg_2", now, signature));
    }
}
