package io.rotender.platform.events;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the event's attributes as {@code ce_*} headers, the
 * whole envelope as the JSON value, so an operator tailing a topic sees self-describing events.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /** Extension attribute: the partner a message is about (contracts' {@code PartnerScoped}), when it has one. */
    public static final String PARTNER_ID = "ce_partnerid";

    private CloudEventHeaders() {
    }

    public static Headers of(UUID eventId, String type, String source, Instant time, String subject, String partnerId) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, ID, eventId.toString());
        add(headers, TYPE, type);
        add(headers, SOURCE, source);
        add(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(time));
        add(headers, SPEC_VERSION, "1.0");
        if (subject != null) {
            add(headers, SUBJECT, subject);
        }
        if (partnerId != null) {
            add(headers, PARTNER_ID, partnerId);
        }
        add(headers, CONTENT_TYPE, "application/json");
        return headers;
    }

    /** The event type a record's {@code ce_type} header names, or null when it has none. */
    public static String type(Headers headers) {
        return value(headers, TYPE);
    }

    /** The partner a record's {@code ce_partnerid} header names, or null when it has none. */
    public static String partnerId(Headers headers) {
        return value(headers, PARTNER_ID);
    }

    private static String value(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
