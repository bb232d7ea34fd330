package io.rotender.platform.sample;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rotender.contracts.PartnerScoped;
import io.rotender.platform.outbox.Outbox;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** A sample endpoint that changes state and writes an event in one transaction, as services do. */
@Path("/widgets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WidgetResource {

    static final String TOPIC = "chassis-sample.widgets";

    private final Outbox outbox;
    private final Pool pool;

    public WidgetResource(Outbox outbox, Pool pool) {
        this.outbox = outbox;
        this.pool = pool;
    }

    /** The event of a widget change; a widget with an owner is that partner's business (sent as {@code ce_partnerid}). */
    public record WidgetChanged(String id, String name, String partnerId) implements PartnerScoped {
    }

    @PUT
    @Path("/{id}")
    public Uni<Map<String, String>> put(@PathParam("id") String id, @QueryParam("fail") boolean fail,
                                        @QueryParam("owner") String owner, @NotNull @Valid WidgetRequest request) {
        return Panache.withTransaction(() -> Widget.<Widget>findById(id)
                .chain(existing -> {
                    Widget widget = existing != null ? existing : new Widget();
                    widget.id = id;
                    widget.name = request.displayName();
                    return existing != null ? Uni.createFrom().item(widget) : widget.<Widget>persist();
                })
                .chain(widget -> outbox.publish(TOPIC, id, "WidgetChanged", id, new WidgetChanged(id, widget.name, owner)))
                .invoke(() -> {
                    if (fail) {
                        throw ProblemException.conflict("sample-failure", "Sample failure", "asked to fail after writing");
                    }
                })
                .replaceWith(Map.of("id", id)));
    }

    /** The same change on a reactive SQL connection, the services' way (no Hibernate session); {@code events} copies of its event. */
    @PUT
    @Path("/{id}/direct")
    public Uni<Map<String, String>> putDirect(@PathParam("id") String id, @QueryParam("events") @DefaultValue("1") int events,
                                              @NotNull @Valid WidgetRequest request) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "INSERT INTO widget (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name")
                        .execute(Tuple.of(id, request.displayName()))
                        .chain(() -> Multi.createFrom().range(0, events).onItem().transformToUniAndConcatenate(n ->
                                outbox.publish(tx, TOPIC, id, "WidgetChanged", id, new WidgetChanged(id, request.displayName(), null)))
                                .collect().last()))
                .replaceWith(Map.of("id", id));
    }

    @GET
    @Path("/boom")
    public Uni<String> boom() {
        return Uni.createFrom().failure(new IllegalStateException("internal detail that must not leak"));
    }
}
