package io.rotender.contracts;

/**
 * A message about one partner's business (its order): the outbox sends the partner's id as the CloudEvents extension
 * header {@code ce_partnerid}, so a consumer that serves some partners only (webhooks) can pass over the others'
 * messages by their headers, without reading them.
 */
public interface PartnerScoped {

    /** The partner the message is about, or null when it has none. */
    String partnerId();
}
