package io.rotender.systemtests.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.probe.ConsumerLag;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * After bench/faults' load and faults: every invariant of {@link FaultInvariants} holds on the platform, for the
 * orders the load's record ({@code ROTENDER_FAULTS_LOAD}, written by bench FaultLoad) says were accepted, within
 * {@code ROTENDER_FAULTS_WAIT} seconds (180 by default). Prints the figures; on a violation, every consumer
 * group's lag too, which tells a consumer that is behind from an event that is lost.
 */
@Tag("fault")
class FaultInvariantsIT {

    @Test
    void everyInvariantHoldsAfterTheFaults() throws Exception {
        String loadFile = System.getenv("ROTENDER_FAULTS_LOAD");
        assumeTrue(loadFile != null && !loadFile.isBlank(), "no fault load to check (ROTENDER_FAULTS_LOAD; bench/faults sets it)");
        ObjectMapper mapper = new ObjectMapper();
        JsonNode load = mapper.readTree(Path.of(loadFile).toFile());
        int wait = Integer.parseInt(System.getenv().getOrDefault("ROTENDER_FAULTS_WAIT", "180"));
        LocalPlatform platform = LocalPlatform.fromEnvironment();

        FaultInvariants.Report report = new FaultInvariants(platform).check(load, wait);

        System.out.println("fault check: " + mapper.writeValueAsString(report.figures()));
        if (!report.violations().isEmpty()) {
            report.violations().forEach(v -> System.out.println("VIOLATION " + v));
            ConsumerLag.print(platform.kafka());
        }
        assertTrue(report.violations().isEmpty(), report.violations().size() + " invariants broken: " + report.violations());
        System.out.println("fault check passed: every invariant holds");
    }
}
