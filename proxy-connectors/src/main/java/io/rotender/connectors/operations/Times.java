package io.rotender.connectors.operations;

import io.rotender.platform.problem.ProblemException;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times in query parameters and bodies of the operations endpoints: ISO-8601 with an offset, or absent. */
final class Times {

    private Times() {
    }

    static OffsetDateTime parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 time with an offset, e.g. 2026-11-30T09:00:00Z");
        }
    }
}
