package io.rotender.systemtests.security;

/** Who may call an endpoint. */
enum Family {
    /** Admin API: the admin token only. */
    ADMIN,
    /** Partner API: a partner key scoped to the venue in the path. */
    PARTNER,
    /** The partner's own resources ({@code /partner/...}): any valid partner key, no venue scope. */
    PARTNER_ACCOUNT,
    /** Restaumatic's hooks: the venue's hook token as {@code Token token="..."}. */
    RESTAUMATIC,
    /** PORTOS polling: the venue's API key as the {@code key} query parameter. */
    PORTOS
}
