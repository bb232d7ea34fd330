package io.rotender.menu.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;

@Entity
@Table(name = "ingredient")
@IdClass(Ingredient.Key.class)
public class Ingredient extends PanacheEntityBase {

    @Id
    @Column(name = "venue_id")
    public String venueId;
    @Id
    public String id;
    public String name;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public record Key(String venueId, String id) implements Serializable {
    }
}
