package io.rotender.order.orders;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives an order its 4-digit code: one that no other confirmed order of the same unit holds (drawn again, 50 times at
 * most, so two customers at one screen never share a code), stored only as its hash bound to the unit, with the wrong
 * attempts and the lock reset. The code itself goes to the unit's screen (ShowCode) and nowhere else.
 */
@ApplicationScoped
public class CodeIssuer {

    private static final int DRAWS = 50;

    private final Codes codes;
    private final OrderStore store;

    public CodeIssuer(Codes codes, OrderStore store) {
        this.codes = codes;
        this.store = store;
    }

    /** A new code for {@code o}, set on it (hash, attempts, lock); the caller saves the order and shows the code. */
    public Uni<String> issue(SqlConnection tx, Order o) {
        return free(tx, o.unitId, 0).invoke(code -> {
            o.codeHash = codes.hash(o.unitId, code);
            o.codeAttempts = 0;
            o.codeLocked = false;
        });
    }

    private Uni<String> free(SqlConnection tx, String unitId, int draw) {
        String code = codes.newCode();
        return store.codeHeld(tx, unitId, codes.hash(unitId, code))
                .chain(held -> held && draw < DRAWS ? free(tx, unitId, draw + 1) : Uni.createFrom().item(code));
    }
}
