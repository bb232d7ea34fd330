package io.rotender.inventory.reservation;

import io.rotender.contracts.inventory.InventoryCommands.Item;
import io.rotender.inventory.reservation.StockLedger.SlotState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reservation policy alone: no database, no Quarkus. */
class AllocatorTest {

    private static final Map<String, Map<String, Integer>> RECIPES = Map.of(
            "vodka-soda", Map.of("vodka", 40, "soda", 100),
            "gin-tonic", Map.of("gin", 50, "tonic", 100),
            "shot", Map.of("vodka", 40));

    private static List<Item> items(Object... drinkAndQuantity) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < drinkAndQuantity.length; i += 2) {
            items.add(new Item((String) drinkAndQuantity[i], (Integer) drinkAndQuantity[i + 1]));
        }
        return items;
    }

    @Test
    void itemsOfOneDrinkAreMergedAndMalformedListsRefused() {
        assertThat(Allocator.merge(items("shot", 1, "vodka-soda", 2, "shot", 3))).containsExactly(new Item("shot", 4), new Item("vodka-soda", 2));
        assertThat(Allocator.merge(List.of())).isNull();
        assertThat(Allocator.merge(null)).isNull();
        assertThat(Allocator.merge(items("shot", 0))).isNull();
        assertThat(Allocator.merge(items("shot", 51))).isNull();
        assertThat(Allocator.merge(Collections.nCopies(51, new Item("shot", 1)))).isNull();
        assertThat(Allocator.merge(Collections.nCopies(50, new Item("shot", 1)))).containsExactly(new Item("shot", 50));
        List<Item> withNull = new ArrayList<>(items("shot", 1));
        withNull.add(null);
        assertThat(Allocator.merge(withNull)).isNull();
        assertThat(Allocator.merge(List.of(new Item(null, 1)))).isNull();
    }

    @Test
    void theNeedAddsUpEveryIngredientOfEveryItemInLockOrder() {
        Map<String, Integer> need = Allocator.need(items("vodka-soda", 2, "shot", 1, "gin-tonic", 1), RECIPES);
        assertThat(need).containsExactly(Map.entry("gin", 50), Map.entry("soda", 200), Map.entry("tonic", 100), Map.entry("vodka", 120));
    }

    @Test
    void theUnitWithTheMostHeadroomComesFirstAndUnitsThatCannotServeAllAreLeftOut() {
        Map<String, Integer> need = Map.of("vodka", 40, "soda", 100);
        Map<String, Map<String, Integer>> free = Map.of(
                "a", Map.of("vodka", 400, "soda", 200),     // headroom 2 (soda)
                "b", Map.of("vodka", 160, "soda", 1000),    // headroom 4 (vodka)
                "c", Map.of("vodka", 39, "soda", 1000),     // not enough vodka
                "d", Map.of("vodka", 1000),                 // no soda slot
                "e", Map.of("vodka", 160, "soda", 400));    // headroom 4, same as b: by id
        assertThat(Allocator.candidates(free, need)).containsExactly("b", "e", "a");
        assertThat(Allocator.candidates(Map.of(), need)).isEmpty();
    }

    @Test
    void exactlyEnoughIsEnough() {
        assertThat(Allocator.candidates(Map.of("a", Map.of("vodka", 40)), Map.of("vodka", 40))).containsExactly("a");
        assertThat(Allocator.fits(Map.of("vodka", new SlotState(100, 60)), Map.of("vodka", 40))).isTrue();
        assertThat(Allocator.fits(Map.of("vodka", new SlotState(100, 61)), Map.of("vodka", 40))).isFalse();
        assertThat(Allocator.fits(Map.of("vodka", new SlotState(100, 0)), Map.of("vodka", 40, "soda", 100))).isFalse();
    }

    @Test
    void aReservationAddsTheNeedToWhatIsReserved() {
        assertThat(Allocator.reservation(Map.of("vodka", 80))).containsExactly(Map.entry("vodka", new SlotDelta(0, 80)));
    }

    @Test
    void theDrinksNoUnitCanServeAreNamedOrAllWhenOnlyTheCombinationDoesNotFit() {
        Map<String, Map<String, Integer>> free = Map.of(
                "a", Map.of("vodka", 100, "soda", 100),
                "b", Map.of("gin", 100, "tonic", 100));
        // gin-tonic fits on b, vodka-soda on a: together on one unit, neither
        assertThat(Allocator.unservable(items("vodka-soda", 1, "gin-tonic", 1), RECIPES, free)).containsExactly("vodka-soda", "gin-tonic");
        // three vodka sodas need 300 ml of soda: no unit has them
        assertThat(Allocator.unservable(items("vodka-soda", 3, "gin-tonic", 1), RECIPES, free)).containsExactly("vodka-soda");
        // offline units are not in the free stock at all: nothing can be served
        assertThat(Allocator.unservable(items("shot", 1), RECIPES, Map.of())).containsExactly("shot");
    }

    @Test
    void aReleaseGivesTheReservedStockBack() {
        Allocator.Settlement settlement = Allocator.settle(Map.of("vodka", new SlotState(500, 120)), Map.of("vodka", 80), Map.of());
        assertThat(settlement.deltas()).containsExactly(Map.entry("vodka", new SlotDelta(0, -80)));
        assertThat(settlement.keptAt()).isEmpty();
    }

    @Test
    void aPourLowersTheLevelByWhatTheUnitUsed() {
        Allocator.Settlement settlement = Allocator.settle(
                Map.of("vodka", new SlotState(500, 80), "soda", new SlotState(1000, 100)),
                Map.of("vodka", 40, "soda", 100), Map.of("vodka", 45, "soda", 100));
        assertThat(settlement.deltas()).containsExactly(Map.entry("soda", new SlotDelta(-100, -100)), Map.entry("vodka", new SlotDelta(-45, -40)));
    }

    @Test
    void aUnitUsingMoreThanOthersLeftIsKeptAtWhatTheyHold() {
        // 100 ml there, 40 for this order and 50 for another: the unit says it used 80
        Allocator.Settlement settlement = Allocator.settle(Map.of("vodka", new SlotState(100, 90)), Map.of("vodka", 40), Map.of("vodka", 80));
        assertThat(settlement.deltas()).containsExactly(Map.entry("vodka", new SlotDelta(-50, -40)));
        assertThat(settlement.keptAt()).containsExactly(Map.entry("vodka", 50));
    }

    @Test
    void aPartialPourOfAnIngredientNotReservedAndARemovedSlot() {
        Allocator.Settlement settlement = Allocator.settle(Map.of("vodka", new SlotState(300, 40), "lime", new SlotState(50, 0)),
                Map.of("vodka", 40, "soda", 100), Map.of("lime", 10));
        // soda's slot was removed since: left alone; lime was not reserved but the unit used some
        assertThat(settlement.deltas()).containsExactly(Map.entry("lime", new SlotDelta(-10, 0)), Map.entry("vodka", new SlotDelta(0, -40)));
        assertThat(Allocator.touched(Map.of("vodka", 40, "soda", 100), Map.of("lime", 10))).containsExactly("lime", "soda", "vodka");
    }

    @Test
    void onlyASettlementThatChangesFreeStockCanChangeAvailability() {
        var exact = Allocator.settle(Map.of("vodka", new SlotState(500, 80), "soda", new SlotState(1000, 100)),
                Map.of("vodka", 40, "soda", 100), Map.of("vodka", 40, "soda", 100));
        assertThat(SlotDelta.anyChangesFree(exact.deltas().values())).as("a pour of exactly what was reserved").isFalse();
        var more = Allocator.settle(Map.of("vodka", new SlotState(500, 80), "soda", new SlotState(1000, 100)),
                Map.of("vodka", 40, "soda", 100), Map.of("vodka", 45, "soda", 100));
        assertThat(SlotDelta.anyChangesFree(more.deltas().values())).as("a pour of more than was reserved").isTrue();
        var release = Allocator.settle(Map.of("vodka", new SlotState(500, 120)), Map.of("vodka", 80), Map.of());
        assertThat(SlotDelta.anyChangesFree(release.deltas().values())).as("a release").isTrue();
        assertThat(SlotDelta.level(0).changesFree()).isFalse();
        assertThat(SlotDelta.level(-5).changesFree()).isTrue();
    }
}
