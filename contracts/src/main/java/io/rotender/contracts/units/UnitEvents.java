package io.rotender.contracts.units;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.util.List;

/** What units report on {@code rotender.units.events} (key the unit id). */
public final class UnitEvents {

    public static final MessageType<Heartbeat> HEARTBEAT = MessageType.of(Topics.UNITS_EVENTS, "Heartbeat", Heartbeat.class);
    public static final MessageType<LevelsReported> LEVELS_REPORTED = MessageType.of(Topics.UNITS_EVENTS, "LevelsReported", LevelsReported.class);
    public static final MessageType<Poured> POURED = MessageType.of(Topics.UNITS_EVENTS, "Poured", Poured.class);
    public static final MessageType<PourFailed> POUR_FAILED = MessageType.of(Topics.UNITS_EVENTS, "PourFailed", PourFailed.class);

    private UnitEvents() {
    }

    public record Heartbeat(String unitId) {
        public Heartbeat {
            Require.text(unitId, "unitId");
        }
    }

    public record Level(String ingredientId, int levelMl) {
        public Level {
            Require.text(ingredientId, "ingredientId");
            Require.notNegative(levelMl, "levelMl");
        }
    }

    /** The unit's measured level of each ingredient it holds. */
    public record LevelsReported(String unitId, List<Level> levels) {
        public LevelsReported {
            Require.text(unitId, "unitId");
            levels = levels == null ? List.of() : List.copyOf(levels);
        }
    }

    public record Used(String ingredientId, int ml) {
        public Used {
            Require.text(ingredientId, "ingredientId");
            Require.notNegative(ml, "ml");
        }
    }

    /** The order is poured; {@code used} is what the unit measured it used. */
    public record Poured(String unitId, String orderId, List<Used> used) {
        public Poured {
            Require.text(unitId, "unitId");
            Require.text(orderId, "orderId");
            used = used == null ? List.of() : List.copyOf(used);
        }
    }

    /** The pour failed; {@code used} is what was used before it stopped (possibly nothing). */
    public record PourFailed(String unitId, String orderId, String reason, List<Used> used) {
        public PourFailed {
            Require.text(unitId, "unitId");
            Require.text(orderId, "orderId");
            used = used == null ? List.of() : List.copyOf(used);
        }
    }
}
