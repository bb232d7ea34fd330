package io.rotender.platform.outbox;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxLanesTest {

    @Test
    void aKeysLaneIsFixedByTheKeyAloneAndEveryLaneIsUsed() {
        // String.hashCode is specified by the JDK, so every replica and every version puts a key in the same lane
        assertThat(OutboxLanes.of("order-1")).isEqualTo(Math.floorMod("order-1".hashCode(), 16));
        assertThat(OutboxLanes.of(null)).isZero();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int lane = OutboxLanes.of(UUID.randomUUID().toString());
            assertThat(lane).isBetween(0, OutboxLanes.COUNT - 1);
            seen.add(lane);
        }
        assertThat(seen).hasSize(OutboxLanes.COUNT);
    }

    @Test
    void aSetOfLanesGoesToSqlAndBack() {
        int lanes = OutboxLanes.bit(0) | OutboxLanes.bit(5) | OutboxLanes.bit(15);
        assertThat(OutboxLanes.numbers(lanes)).containsExactly(0, 5, 15);
        assertThat(OutboxLanes.bits(OutboxLanes.numbers(lanes))).isEqualTo(lanes);
        assertThat(OutboxLanes.numbers(OutboxLanes.ALL)).hasSize(16);
        assertThat(OutboxLanes.numbers(0)).isEmpty();
    }
}
