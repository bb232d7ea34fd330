package io.rotender.platform.consumer;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.sample.DoublingConsumer;
import io.rotender.platform.sample.TypedTallyConsumer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The events channel starts only when the topics it reads are exactly its consumers' topics. */
@QuarkusTest
class EventsChannelTest {

    @Inject
    EventRouters routers;
    @Inject
    TypedTallyConsumer typedTally;
    @Inject
    DoublingConsumer doubling;

    @Test
    void aConsumerWhoseTopicTheChannelDoesNotReadStopsTheStart() {
        assertThatThrownBy(() -> new EventsChannel(routers, List.of(typedTally, doubling), List.of("chassis-sample.typed-tally"), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("doubled (chassis-sample.doubled)");
    }

    @Test
    void aTopicWithoutAConsumerStopsTheStart() {
        assertThatThrownBy(() -> new EventsChannel(routers, List.of(typedTally),
                List.of("chassis-sample.typed-tally", "chassis-sample.doubled"), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chassis-sample.doubled");
    }

    @Test
    void theSameTopicsInAnyOrderStart() {
        assertThatCode(() -> new EventsChannel(routers, List.of(doubling, typedTally),
                List.of(" chassis-sample.doubled", "chassis-sample.typed-tally"), true)).doesNotThrowAnyException();
    }

    @Test
    void aChannelReadRecordByRecordStopsTheStart() {
        assertThatThrownBy(() -> new EventsChannel(routers, List.of(doubling, typedTally),
                List.of("chassis-sample.doubled", "chassis-sample.typed-tally"), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("events.batch must be true");
    }
}
