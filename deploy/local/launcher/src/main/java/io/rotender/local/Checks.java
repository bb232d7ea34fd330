package io.rotender.local;

/** The end-to-end checks' verdicts: a failed expectation prints {@code FAILED: ...} and ends the process with 1. */
final class Checks {

    private Checks() {
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw fail(what);
        }
    }

    /** The code on the unit simulator's screen for {@code orderId}, as the customer reads it; fails after 20 s without. */
    static String codeOnScreen(AdminClient admin, String simulator, String unitId, String orderId) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            AdminClient.Answer screen = admin.call("GET", simulator + "/units/" + unitId + "/screen", null);
            if (screen.status() == 200 && orderId.equals(screen.body().path("order_id").asText())) {
                return screen.body().get("code").asText();
            }
            Thread.sleep(10);
        }
        throw fail("the code of " + orderId + " never appeared on " + unitId + "'s screen");
    }

    static IllegalStateException fail(String message) {
        System.out.println("FAILED: " + message);
        System.exit(1);
        return new IllegalStateException(message);
    }
}
