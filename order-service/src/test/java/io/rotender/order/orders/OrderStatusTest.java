package io.rotender.order.orders;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order state machine alone: no Quarkus, no database. */
class OrderStatusTest {

    /** Every legal transition, written out independently of the enum's table. */
    private static final Map<OrderStatus, Set<OrderStatus>> LEGAL = Map.of(
            OrderStatus.PENDING, EnumSet.of(OrderStatus.CONFIRMED, OrderStatus.REJECTED, OrderStatus.CANCELLED, OrderStatus.EXPIRED),
            OrderStatus.CONFIRMED, EnumSet.of(OrderStatus.READY, OrderStatus.CANCELLED, OrderStatus.EXPIRED),
            OrderStatus.READY, EnumSet.of(OrderStatus.POURED, OrderStatus.FAILED));

    @Test
    void exactlyTheLegalTransitionsAreAllowedAndEveryOtherIsRefusedByName() {
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                boolean legal = LEGAL.getOrDefault(from, Set.of()).contains(to);
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(legal);
                if (legal) {
                    assertThat(from.moveTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(IllegalStateException.class)
                            .hasMessage("an order " + from.wire() + " cannot become " + to.wire());
                }
            }
        }
    }

    @Test
    void onlyPendingAndConfirmedAreOpenAndThePourOutcomesRejectionsCancellationsAndExpiriesAreFinal() {
        assertThat(EnumSet.allOf(OrderStatus.class).stream().filter(OrderStatus::isOpen))
                .containsExactlyInAnyOrder(OrderStatus.PENDING, OrderStatus.CONFIRMED);
        assertThat(EnumSet.allOf(OrderStatus.class).stream().filter(OrderStatus::isFinal))
                .containsExactlyInAnyOrder(OrderStatus.POURED, OrderStatus.FAILED, OrderStatus.REJECTED, OrderStatus.CANCELLED,
                        OrderStatus.EXPIRED);
    }

    @Test
    void wireNamesAreTheColumnsValuesAndReadBack() {
        assertThat(EnumSet.allOf(OrderStatus.class).stream().map(OrderStatus::wire))
                .containsExactlyInAnyOrder("pending", "confirmed", "ready", "poured", "rejected", "cancelled", "expired", "failed");
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(OrderStatus.of(status.wire())).isEqualTo(status);
        }
        assertThatThrownBy(() -> OrderStatus.of("held")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderMovesOnlyAlongTheMachine() {
        Order order = new Order();
        order.status = "confirmed";
        order.moveTo(OrderStatus.READY);
        assertThat(order.status).isEqualTo("ready");
        assertThatThrownBy(() -> order.moveTo(OrderStatus.CANCELLED)).hasMessage("an order ready cannot become cancelled");
        assertThat(order.status).isEqualTo("ready");
        assertThat(order.isOpen()).isFalse();
    }
}
