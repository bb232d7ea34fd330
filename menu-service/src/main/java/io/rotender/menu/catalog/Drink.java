package io.rotender.menu.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

@Entity
@Table(name = "drink")
@IdClass(Drink.Key.class)
public class Drink extends PanacheEntityBase {

    @Id
    @Column(name = "venue_id")
    public String venueId;
    @Id
    public String id;
    public String name;
    public String description;
    public String category;
    public BigDecimal price;
    @Column(name = "image_url")
    public String imageUrl;
    public boolean alcoholic;
    public boolean active;
    @JdbcTypeCode(SqlTypes.JSON)
    public Recipe recipe;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public record Key(String venueId, String id) implements Serializable {
    }
}
