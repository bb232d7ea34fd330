package io.rotender.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.rotender.contracts.inventory.InventoryCommands;
import io.rotender.contracts.units.UnitCommands;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the JSON shape of every message: a sample of each is read into its record and written back to the same
 * JSON (both ways, with the services' mapper settings), so a renamed or retyped field fails here, at build
 * time, instead of in the consumer that reads it.
 */
class MessageShapesTest {

    /** As the services' mapper: ISO-8601 instants, unknown properties ignored (an added field is not a break). */
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static JsonNode samples() throws Exception {
        try (InputStream in = MessageShapesTest.class.getResourceAsStream("/samples.json")) {
            return MAPPER.readTree(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> eachSampleReadsIntoItsRecordAndWritesBackTheSameJson() throws Exception {
        JsonNode samples = samples();
        return Messages.ALL.stream().map(type -> DynamicTest.dynamicTest(type.toString(), () -> {
            JsonNode sample = samples.has(type.name()) ? samples.get(type.name()) : samples.get(type.data().getSimpleName());
            assertThat(sample).as("a sample of %s in samples.json", type).isNotNull();
            Object read = MAPPER.treeToValue(sample, type.data());
            assertThat((JsonNode) MAPPER.valueToTree(read)).as("%s written back", type).isEqualTo(sample);
        }));
    }

    @Test
    void everySampleIsOfAKnownTypeAndEveryTypeNameIsUniqueOnItsTopic() throws Exception {
        Set<String> names = new HashSet<>();
        Messages.ALL.forEach(t -> assertThat(names.add(t.topic() + " " + t.name())).as("%s listed once", t).isTrue());
        List<String> known = new ArrayList<>(Messages.ALL.stream().map(MessageType::name).toList());
        Messages.ALL.forEach(t -> known.add(t.data().getSimpleName()));
        samples().fieldNames().forEachRemaining(name -> assertThat(known).as("sample %s", name).contains(name));
        Messages.ALL.forEach(t -> assertThat(Topics.ALL).as("topic of %s", t).contains(t.topic()));
    }

    @Test
    void aMessageWithoutWhatIdentifiesItCannotBeRead() throws Exception {
        ObjectNode reserve = (ObjectNode) samples().get("ReserveStock").deepCopy();
        reserve.remove("orderId");
        assertThatThrownBy(() -> MAPPER.treeToValue(reserve, InventoryCommands.ReserveStock.class)).hasMessageContaining("orderId is required");
        ObjectNode pour = (ObjectNode) samples().get("Pour").deepCopy();
        ((ObjectNode) pour.get("items").get(0).get("recipe").get(0)).put("ml", 0);
        assertThatThrownBy(() -> MAPPER.treeToValue(pour, UnitCommands.Pour.class)).hasMessageContaining("ml must be positive");
    }

    @Test
    void defaultsFillWhatAnOlderProducerLeftOut() throws Exception {
        var release = MAPPER.readValue("{\"orderId\":\"ord_1\"}", InventoryCommands.ReleaseStock.class);
        assertThat(release.reason()).isEqualTo("released");
        var pour = MAPPER.readValue("{\"unitId\":\"u1\",\"orderId\":\"ord_1\",\"extra\":1}", UnitCommands.Pour.class);
        assertThat(pour.items()).isEmpty();
    }

    @Test
    void theCodeNeverAppearsInAShowCodeWrittenToALog() {
        var show = new UnitCommands.ShowCode("u1", "ord_1", "0427", "#12", null);
        assertThat(show.toString()).doesNotContain("0427");
    }

    @Test
    void deployTopicsListsEveryTopicAndItsDeadLetterTopic() throws Exception {
        List<String> declared = Files.readAllLines(Path.of("../deploy/topics.conf")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\\s+")[0]).toList();
        Set<String> expected = new HashSet<>(Topics.ALL);
        Topics.ALL.forEach(t -> expected.add(Topics.dlq(t)));
        assertThat(new HashSet<>(declared)).isEqualTo(expected);
    }
}
