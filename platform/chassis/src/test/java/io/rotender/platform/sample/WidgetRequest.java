package io.rotender.platform.sample;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

public record WidgetRequest(@JsonProperty("display_name") @NotBlank @Size(max = 20) String displayName,
                            @Valid @Size(max = 3) List<Part> parts) {
    public record Part(@JsonProperty("part_count") @NotNull @Min(1) Integer partCount) {
    }
}
