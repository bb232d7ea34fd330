package io.rotender.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/asyncapi.yaml} is what {@link AsyncApiDocument} builds from this module: a message type, a topic or a field
 * added without its document fails here (after a deliberate change, {@code -Drotender.asyncapi.write=true} rewrites the
 * file). Every sample of {@code samples.json}, in its envelope, fits its message's schema, and one with a field the record
 * does not have does not.
 */
class AsyncApiDocumentTest {

    static final Path COMMITTED = Path.of("../docs/asyncapi.yaml");
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    static ObjectNode generated() throws Exception {
        return new AsyncApiDocument(MessageShapesTest.MAPPER, MessageShapesTest.samples()).build();
    }

    @Test
    void theCommittedDocumentIsTheGeneratedOne() throws Exception {
        ObjectNode generated = generated();
        if (Boolean.getBoolean("rotender.asyncapi.write")) {
            Files.writeString(COMMITTED, YAML.writeValueAsString(generated));
        }
        assertThat(Files.exists(COMMITTED)).as("%s exists (-Drotender.asyncapi.write=true writes it)", COMMITTED).isTrue();
        JsonNode committed = YAML.readTree(COMMITTED.toFile());
        assertThat(committed).as("docs/asyncapi.yaml against the contracts (-Drotender.asyncapi.write=true rewrites it after a "
                + "deliberate change)").isEqualTo(generated);
    }

    @TestFactory
    Stream<DynamicTest> everySampleFitsItsMessageSchema() throws Exception {
        ObjectNode document = generated();
        JsonNode samples = MessageShapesTest.samples();
        return Messages.ALL.stream().map(type -> DynamicTest.dynamicTest(type.toString(), () -> {
            JsonNode data = samples.has(type.name()) ? samples.get(type.name()) : samples.get(type.data().getSimpleName());
            ObjectNode envelope = envelope(type.name(), data);
            assertThat(errors(document, type.name(), envelope)).as("%s against its schema", type).isEmpty();

            ObjectNode unknown = envelope.deepCopy();
            ((ObjectNode) unknown.get("data")).put("addedWithoutSchema", 1);
            assertThat(errors(document, type.name(), unknown)).as("%s with a field not in its schema", type).isNotEmpty();
        }));
    }

    @Test
    void aMissingRequiredFieldOrAWrongTypeIsRefused() throws Exception {
        ObjectNode document = generated();
        ObjectNode showCode = envelope("ShowCode", MessageShapesTest.samples().get("ShowCode"));
        ((ObjectNode) showCode.get("data")).remove("unitId");
        assertThat(errors(document, "ShowCode", showCode)).isNotEmpty();
        ObjectNode reserve = envelope("ReserveStock", MessageShapesTest.samples().get("ReserveStock"));
        ((ObjectNode) reserve.get("data").get("items").get(0)).put("quantity", "two");
        assertThat(errors(document, "ReserveStock", reserve)).isNotEmpty();
        ObjectNode wrongType = envelope("ShowCode", MessageShapesTest.samples().get("ShowCode"));
        wrongType.put("type", "Pour");
        assertThat(errors(document, "ShowCode", wrongType)).isNotEmpty();
    }

    private static ObjectNode envelope(String type, JsonNode data) {
        ObjectNode envelope = MessageShapesTest.MAPPER.createObjectNode();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("type", type);
        envelope.put("source", "contracts-test");
        envelope.put("time", "2026-11-30T10:15:30.123456Z");
        envelope.put("aggregateId", "ord_1");
        envelope.set("data", data.deepCopy());
        return envelope;
    }

    /** What the schema of message {@code name} in {@code document} finds wrong with {@code value}. */
    static Set<ValidationMessage> errors(JsonNode document, String name, JsonNode value) {
        ObjectNode root = document.deepCopy();
        root.put("$ref", "#/components/messages/" + name + "/payload");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        return schema.validate(value);
    }
}
