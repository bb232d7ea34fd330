package io.rotender.menu.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;

@Entity
@Table(name = "venue")
public class Venue extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    @Column(columnDefinition = "bpchar(3)")
    public String currency;
    public String timezone;
    @JdbcTypeCode(SqlTypes.JSON)
    public VenueSettings settings;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
