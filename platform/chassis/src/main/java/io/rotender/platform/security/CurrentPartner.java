package io.rotender.platform.security;

import jakarta.enterprise.context.RequestScoped;

/** The partner authenticated for the current request (set by {@link AccessFilter} on partner paths). */
@RequestScoped
public class CurrentPartner {

    private Partner partner;

    void set(Partner partner) {
        this.partner = partner;
    }

    /** The partner; only call on partner paths, where the filter guarantees one. */
    public Partner get() {
        if (partner == null) {
            throw new IllegalStateException("No authenticated partner on this request");
        }
        return partner;
    }
}
