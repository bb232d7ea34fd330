package io.rotender.platform.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * JSON conventions of every service: money and other decimals written as plain numbers ({@code 12.50},
 * never {@code 1.25E+1}); a float where an integer is expected is an error, not a silent truncation, and
 * so is a number where text is expected or text where a number or boolean is; a
 * request body field no endpoint knows is an error naming it (a misspelt {@code partner_order_id} must not
 * silently lose its meaning); a field given twice is an error; text with control characters or broken
 * surrogates is an error ({@link SafeText}). Events from other services are read leniently instead, through
 * {@link #lenient(ObjectMapper, Class)}, so a producer may add fields before its consumers know them.
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // {"status":"cancelled","status":"paid"} is ambiguous: refuse it rather than take the last value
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // a number where text is expected (or text where a number or boolean is) is an error, not a conversion
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // "" is not a missing number, flag, object or list
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.POJO,
                LogicalType.Collection, LogicalType.Map, LogicalType.Array, LogicalType.Enum, LogicalType.DateTime)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        // {...}{...} or {...}garbage is not one JSON document
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.registerModule(new SimpleModule("rotender-safe-text")
                .addDeserializer(String.class, new SafeText.Values())
                .addKeyDeserializer(String.class, new SafeText.Keys()));
    }

    /** A reader for data written by another service: fields the type does not declare are ignored. */
    public static ObjectReader lenient(ObjectMapper mapper, Class<?> type) {
        return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** As {@link #lenient(ObjectMapper, Class)} for a generic type. */
    public static ObjectReader lenient(ObjectMapper mapper, TypeReference<?> type) {
        return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
