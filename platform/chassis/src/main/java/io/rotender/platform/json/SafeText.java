package io.rotender.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import java.io.IOException;

/**
 * Text that can be stored and shown safely: no control characters other than tab, line feed and carriage
 * return, and no unpaired UTF-16 surrogates (neither survives PostgreSQL or a terminal intact). Applied to
 * every string and map key read from a request body, so such input is a 400 naming the field rather than a
 * failure deep in the database.
 */
public final class SafeText {

    public static final String REASON = "must not contain control characters or unpaired surrogates";

    private SafeText() {
    }

    /** Whether the text holds only characters that are safe to store and show. */
    public static boolean isSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** String values. */
    static final class Values extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && !isSafe(value)) {
                return (String) ctxt.handleWeirdStringValue(String.class, value, REASON);
            }
            return value;
        }
    }

    /** Map keys. */
    static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (!isSafe(key)) {
                return ctxt.handleWeirdKey(String.class, key, REASON);
            }
            return key;
        }
    }
}
