package io.rotender.inventory.units;

import java.util.List;

/** What units report on {@code rotender.units.events} (key unitId). */
public final class UnitMessages {

    private UnitMessages() {
    }

    public record Heartbeat(String unitId) {
    }

    public record Level(String ingredientId, int levelMl) {
    }

    public record LevelsReported(String unitId, List<Level> levels) {
    }

    public record Used(String ingredientId, int ml) {
    }

    public record Poured(String unitId, String orderId, List<Used> used) {
    }

    public record PourFailed(String unitId, String orderId, String reason, List<Used> used) {
    }
}
