package io.rotender.menu.partners;

import io.rotender.menu.catalog.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Body of {@code PUT /admin/partners/{partnerId}}: the partner's name and the venues its keys may use. */
public record PartnerRequest(@NotBlank @Size(max = 120) String name,
                             @NotNull @Size(max = 500) List<@NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String> venues) {
}
