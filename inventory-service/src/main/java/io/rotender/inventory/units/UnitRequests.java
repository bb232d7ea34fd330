package io.rotender.inventory.units;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Bodies of the units admin API. */
public final class UnitRequests {

    public static final String ID = "[A-Za-z0-9_-]{1,64}";
    public static final String ID_MESSAGE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";

    private UnitRequests() {
    }

    /** {@code PUT /admin/venues/{venueId}/units/{unitId}}: the unit and all its slots. */
    public record UnitRequest(@NotBlank @Size(max = 120) String name,
                              @Size(max = 200) String location,
                              @NotNull @Size(max = 64) List<@NotNull @Valid SlotRequest> slots) {
        @AssertTrue(message = "each ingredient may have one slot only")
        boolean isOneSlotPerIngredient() {
            return slots == null || slots.stream().filter(s -> s != null && s.ingredientId() != null)
                    .map(SlotRequest::ingredientId).distinct().count()
                    == slots.stream().filter(s -> s != null && s.ingredientId() != null).count();
        }
    }

    public record SlotRequest(@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String ingredientId,
                              @NotNull @Min(1) @Max(100_000) Integer capacityMl,
                              @NotNull @Min(0) @Max(100_000) Integer levelMl) {
        @AssertTrue(message = "levelMl must not exceed capacityMl")
        boolean isLevelWithinCapacity() {
            return capacityMl == null || levelMl == null || levelMl <= capacityMl;
        }
    }

    /** {@code POST /admin/units/{unitId}/refills}: add {@code addMl}, or fill to capacity when absent. */
    public record RefillRequest(@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String ingredientId,
                                @Min(1) @Max(100_000) Integer addMl) {
    }

    /** {@code POST /admin/units/{unitId}/corrections}: the level measured by staff. */
    public record CorrectionRequest(@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String ingredientId,
                                    @NotNull @Min(0) @Max(100_000) Integer levelMl,
                                    @Size(max = 200) String reason) {
    }

    public record SlotView(String ingredientId, int capacityMl, int levelMl, int reservedMl, int availableMl) {
    }

    public record UnitView(String id, String venueId, String name, String location, boolean online, List<SlotView> slots) {
    }
}
