package io.rotender.platform.sample;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Widget extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
}
