package io.rotender.contracts.units;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.time.Instant;
import java.util.List;

/** What order-service tells a unit on {@code rotender.units.commands} (key the unit id). */
public final class UnitCommands {

    public static final MessageType<ShowCode> SHOW_CODE = MessageType.of(Topics.UNITS_COMMANDS, "ShowCode", ShowCode.class);
    public static final MessageType<ClearCode> CLEAR_CODE = MessageType.of(Topics.UNITS_COMMANDS, "ClearCode", ClearCode.class);
    public static final MessageType<Pour> POUR = MessageType.of(Topics.UNITS_COMMANDS, "Pour", Pour.class);

    private UnitCommands() {
    }

    /** The 4-digit code on the unit's screen until {@code expiresAt}; the only message that carries it in clear. */
    public record ShowCode(String unitId, String orderId, String code, String label, Instant expiresAt) {
        public ShowCode {
            Require.text(unitId, "unitId");
            Require.text(orderId, "orderId");
            Require.text(code, "code");
        }

        @Override
        public String toString() {
            return "ShowCode[unitId=" + unitId + ", orderId=" + orderId + ", code=****, label=" + label + ", expiresAt=" + expiresAt + "]";
        }
    }

    public record ClearCode(String unitId, String orderId) {
        public ClearCode {
            Require.text(unitId, "unitId");
            Require.text(orderId, "orderId");
        }
    }

    /** One line of a drink's recipe: what the unit pours of an ingredient for one drink. */
    public record RecipeLine(String ingredientId, int ml) {
        public RecipeLine {
            Require.text(ingredientId, "ingredientId");
            if (ml <= 0) {
                throw new IllegalArgumentException("ml must be positive");
            }
        }
    }

    public record PourItem(String drinkId, String name, int quantity, List<RecipeLine> recipe) {
        public PourItem {
            Require.text(drinkId, "drinkId");
            recipe = recipe == null ? List.of() : List.copyOf(recipe);
        }
    }

    /** Pour the order now: what to pour, drink by drink. */
    public record Pour(String unitId, String orderId, String label, List<PourItem> items) {
        public Pour {
            Require.text(unitId, "unitId");
            Require.text(orderId, "orderId");
            items = items == null ? List.of() : List.copyOf(items);
        }
    }
}
