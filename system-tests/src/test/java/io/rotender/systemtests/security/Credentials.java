package io.rotender.systemtests.security;

/**
 * The credentials of the run: the admin token, partner A (the demo app, scoped to the demo venues),
 * partner B (made by the check, scoped to the demo bar only), the demo Restaumatic venue's hook token and
 * the demo PORTOS venue's key.
 */
record Credentials(String admin, String partnerA, String partnerB, String hookToken, String portosKey) {

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String restaumatic(String token) {
        return "Token token=\"" + token + "\"";
    }
}
