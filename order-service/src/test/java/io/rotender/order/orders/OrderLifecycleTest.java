package io.rotender.order.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.order.orders.OrderEffect.Changed;
import io.rotender.order.orders.OrderEffect.ClearCode;
import io.rotender.order.orders.OrderEffect.Pour;
import io.rotender.order.orders.OrderEffect.ReleaseStock;
import io.rotender.order.orders.OrderEffect.Save;
import io.rotender.order.orders.OrderEffect.Settled;
import io.rotender.order.orders.OrderEffect.ShowNewCode;
import io.rotender.order.orders.OrderLifecycle.Decision;
import io.rotender.order.orders.OrderLifecycle.Ending;
import io.rotender.platform.problem.Problem;
import io.rotender.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An order's changes alone: the state each input leads to and what must follow, in order. No database, no Quarkus. */
class OrderLifecycleTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 30, 20, 0, 0, 0, ZoneOffset.UTC);

    private static Order order(String status, String payment) {
        Order o = new Order();
        o.id = "ord_1";
        o.number = 12;
        o.venueId = "bar";
        o.partnerId = "app";
        o.status = status;
        o.paymentStatus = payment;
        o.payment = MAPPER.createObjectNode().put("status", payment);
        o.customer = MAPPER.createObjectNode().put("first_name", "Ada");
        o.expiresAt = NOW.plusMinutes(10);
        return o;
    }

    private static Order confirmed() {
        Order o = order("confirmed", "paid");
        o.reserved = true;
        o.unitId = "unit-1";
        return o;
    }

    private static String slug(Decision d) {
        ProblemException p = d.problem();
        return p == null ? null : p.toProblem(null).getType().substring(Problem.TYPE_BASE.length());
    }

    @Test
    void aPaidOrderWhoseStockIsReservedIsConfirmedWithACodeOnTheScreen() {
        Order o = order("pending", "paid");
        Decision d = OrderLifecycle.reserved(o, "unit-1", "Rotender 1", "Main bar");
        assertThat(o.status).isEqualTo("confirmed");
        assertThat(o.reserved).isTrue();
        assertThat(o.unitId).isEqualTo("unit-1");
        assertThat(d.effects()).containsExactly(new ShowNewCode(true), new Save(), new Changed("Confirmed"), new Settled());
        assertThat(d.problem()).isNull();
    }

    @Test
    void anUnpaidOrderWhoseStockIsReservedIsHeldAndConfirmedWhenPaid() {
        Order o = order("pending", "pending");
        assertThat(OrderLifecycle.reserved(o, "unit-1", "Rotender 1", "Main bar").effects())
                .containsExactly(new Save(), new Changed("Held"), new Settled());
        assertThat(o.status).isEqualTo("pending");

        Decision paid = OrderLifecycle.paid(o);
        assertThat(o.status).isEqualTo("confirmed");
        assertThat(o.payment.path("status").asText()).isEqualTo("paid");
        assertThat(paid.effects()).containsExactly(new ShowNewCode(true), new Save(), new Changed("Confirmed"));
    }

    @Test
    void paidBeforeTheReservationWaitsForItAndASecondPaidChangesNothing() {
        Order o = order("pending", "pending");
        assertThat(OrderLifecycle.paid(o).effects()).containsExactly(new Save(), new Changed("Paid"));
        assertThat(o.status).isEqualTo("pending");
        assertThat(OrderLifecycle.paid(o)).isEqualTo(Decision.NOTHING);
    }

    @Test
    void paidOnAnOrderNoLongerPendingIsAnIllegalTransition() {
        Order o = order("cancelled", "pending");
        Decision d = OrderLifecycle.paid(o);
        assertThat(slug(d)).isEqualTo("illegal-transition");
        assertThat(d.effects()).isEmpty();
        assertThat(o.status).isEqualTo("cancelled");
    }

    @Test
    void aReservationArrivingAfterTheOrderEndedGivesTheStockBackOnce() {
        Order cancelled = order("cancelled", "paid");
        assertThat(OrderLifecycle.reserved(cancelled, "unit-1", "R", "L").effects()).containsExactly(new ReleaseStock("cancelled"));
        assertThat(cancelled.status).isEqualTo("cancelled");

        Order alreadyReserved = order("expired", "paid");
        alreadyReserved.reserved = true;
        assertThat(OrderLifecycle.reserved(alreadyReserved, "unit-1", "R", "L")).isEqualTo(Decision.NOTHING);
    }

    @Test
    void aRejectionNamesTheDrinksAndWakesThePost() {
        Order o = order("pending", "paid");
        Decision d = OrderLifecycle.rejected(o, MAPPER.valueToTree(List.of("mojito")), "out of stock");
        assertThat(o.status).isEqualTo("rejected");
        assertThat(o.unavailableDrinks.get(0).asText()).isEqualTo("mojito");
        assertThat(d.effects()).containsExactly(new Save(), new Changed("Rejected"), new Settled());
        assertThat(OrderLifecycle.rejected(order("confirmed", "paid"), MAPPER.createArrayNode(), "late")).isEqualTo(Decision.NOTHING);
    }

    @Test
    void theRightCodeMakesTheOrderReadyAndTheUnitPoursBeforeOrderReadyIsPublished() {
        Order o = confirmed();
        assertThat(OrderLifecycle.beforeCodeCheck(o, "4711")).isNull();
        Decision d = OrderLifecycle.codeChecked(o, false, true, 5);
        assertThat(o.status).isEqualTo("ready");
        assertThat(d.effects()).containsExactly(new Save(), new Pour(), new Changed("Ready"));
        assertThat(OrderLifecycle.beforeCodeCheck(o, "4711")).as("the same code again").isEqualTo(Decision.NOTHING);
    }

    @Test
    void wrongCodesCountAndTheLastAllowedOneLocksTheOrder() {
        Order o = confirmed();
        for (int attempt = 1; attempt < 3; attempt++) {
            Decision d = OrderLifecycle.codeChecked(o, false, false, 3);
            assertThat(slug(d)).isEqualTo("wrong-code");
            assertThat(d.problem().toProblem(null).getExtensions()).containsEntry("remaining_attempts", 3 - attempt);
            assertThat(d.effects()).containsExactly(new Save());
        }
        Decision locking = OrderLifecycle.codeChecked(o, false, false, 3);
        assertThat(locking.problem().status()).isEqualTo(423);
        assertThat(locking.effects()).containsExactly(new Save(), new Changed("CodeLocked"));
        assertThat(o.codeLocked).isTrue();
        assertThat(o.status).isEqualTo("confirmed");
        assertThat(OrderLifecycle.beforeCodeCheck(o, "4711").problem().status()).as("locked: no more tries").isEqualTo(423);

        assertThat(OrderLifecycle.reissueCode(o).effects()).containsExactly(new ShowNewCode(false), new Save(), new Changed("CodeReissued"));
    }

    @Test
    void aCodeIsRefusedBeforeAnyCheckWhenTheOrderDoesNotWaitForOne() {
        assertThat(slug(OrderLifecycle.beforeCodeCheck(order("pending", "paid"), "4711"))).isEqualTo("illegal-transition");
        assertThat(OrderLifecycle.beforeCodeCheck(confirmed(), null).problem().status()).isEqualTo(400);
        assertThat(OrderLifecycle.beforeCodeCheck(order("poured", "paid"), "4711")).isEqualTo(Decision.NOTHING);
        assertThat(slug(OrderLifecycle.reissueCode(order("ready", "paid")))).isEqualTo("illegal-transition");
    }

    @Test
    void atAPosFirstVenueTheCodeWaitsForThePosToAccept() {
        Order o = confirmed();
        o.posStatus = "forwarded";
        Decision waiting = OrderLifecycle.codeChecked(o, true, true, 5);
        assertThat(slug(waiting)).isEqualTo("pos-acceptance-required");
        assertThat(waiting.effects()).isEmpty();
        assertThat(o.codeAttempts).as("not counted as a wrong code").isZero();

        o.posStatus = "accepted";
        assertThat(OrderLifecycle.codeChecked(o, true, true, 5).effects()).contains(new Pour());
    }

    @Test
    void cancellingAConfirmedOrderReleasesItsStockAndClearsItsCode() {
        Order o = confirmed();
        Decision d = OrderLifecycle.end(o, Ending.BY_PARTNER, "cancelled by partner");
        assertThat(o.status).isEqualTo("cancelled");
        assertThat(o.reason).isEqualTo("cancelled by partner");
        assertThat(d.effects()).containsExactly(new Save(), new ReleaseStock("cancelled"), new ClearCode(), new Changed("Cancelled"));
        assertThat(OrderLifecycle.end(o, Ending.BY_PARTNER, "again")).as("cancelled twice").isEqualTo(Decision.NOTHING);
    }

    @Test
    void aFinalOrderCannotBeCancelledByItsPartnerAndIsLeftAloneByTheOthers() {
        assertThat(slug(OrderLifecycle.end(order("poured", "paid"), Ending.BY_PARTNER, "late"))).isEqualTo("illegal-transition");
        assertThat(OrderLifecycle.end(order("poured", "paid"), Ending.BY_POS, "late")).isEqualTo(Decision.NOTHING);
        assertThat(OrderLifecycle.end(order("ready", "paid"), Ending.EXPIRED, "late")).isEqualTo(Decision.NOTHING);
    }

    @Test
    void anOpenOrderExpiresOnlyPastItsTimeAndSaysWhy() {
        assertThat(OrderLifecycle.expire(order("pending", "pending"), NOW)).as("not yet").isEqualTo(Decision.NOTHING);

        Order unpaid = order("pending", "pending");
        unpaid.expiresAt = NOW.minusSeconds(1);
        assertThat(OrderLifecycle.expire(unpaid, NOW).effects()).containsExactly(new Save(), new ReleaseStock("expired"), new Changed("Expired"));
        assertThat(unpaid.reason).isEqualTo("payment not completed in time");

        Order uncollected = confirmed();
        uncollected.expiresAt = NOW.minusSeconds(1);
        assertThat(OrderLifecycle.expire(uncollected, NOW).effects()).contains(new ClearCode());
        assertThat(uncollected.status).isEqualTo("expired");
        assertThat(uncollected.reason).isEqualTo("code not used in time");
    }

    @Test
    void theUnitsReportEndsAReadyOrderOnly() {
        Order ready = confirmed();
        ready.status = "ready";
        assertThat(OrderLifecycle.poured(ready).effects()).containsExactly(new Save(), new Changed("Poured"));
        assertThat(OrderLifecycle.poured(ready)).as("a repeated Poured").isEqualTo(Decision.NOTHING);

        Order failing = confirmed();
        failing.status = "ready";
        assertThat(OrderLifecycle.pourFailed(failing, null).effects()).containsExactly(new Save(), new Changed("Failed"));
        assertThat(failing.reason).isEqualTo("the unit could not pour");
        assertThat(OrderLifecycle.poured(confirmed())).as("no pour without the code").isEqualTo(Decision.NOTHING);
    }

    @Test
    void thePosStateOnlyMovesForwardAndARejectionBeforeThePourCancels() {
        Order o = confirmed();
        assertThat(OrderLifecycle.posCommand(o, "AcceptOrder", null).effects()).containsExactly(new Save(), new Changed("PosStatusChanged"));
        assertThat(OrderLifecycle.posCommand(o, "MarkForwarded", null)).as("a late forward").isEqualTo(Decision.NOTHING);
        assertThat(o.posStatus).isEqualTo("accepted");

        Order rejected = confirmed();
        Decision d = OrderLifecycle.posCommand(rejected, "RejectOrder", "kitchen closed");
        assertThat(rejected.status).isEqualTo("cancelled");
        assertThat(rejected.posStatus).isEqualTo("rejected");
        assertThat(rejected.reason).isEqualTo("POS rejected: kitchen closed");
        assertThat(d.effects()).containsExactly(new Save(), new ReleaseStock("cancelled"), new ClearCode(), new Changed("Cancelled"));

        Order poured = confirmed();
        poured.status = "poured";
        assertThat(OrderLifecycle.posCommand(poured, "CancelOrder", null).effects()).as("after the pour: the POS state only")
                .containsExactly(new Save(), new Changed("PosStatusChanged"));
        assertThat(poured.status).isEqualTo("poured");
    }
}
