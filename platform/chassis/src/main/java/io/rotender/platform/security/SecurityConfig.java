package io.rotender.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Who may call what: the admin credential and the path families each credential guards. */
@ConfigMapping(prefix = "rotender.security")
public interface SecurityConfig {

    /**
     * SHA-256 (hex) of each accepted admin token ({@code ROTENDER_SECURITY_ADMIN_TOKEN_HASHES}); list two
     * while rotating. Without any, admin endpoints answer 401 to everyone.
     */
    Optional<List<String>> adminTokenHashes();

    /**
     * A file of accepted admin token hashes, one SHA-256 (hex) per line, {@code #} comments allowed
     * ({@code ROTENDER_SECURITY_ADMIN_TOKEN_HASHES_FILE}; in Kubernetes the mounted {@code rotender-admin}
     * secret). It is re-read when it changes, so rotating the admin token needs no restart: add the new
     * hash, move clients over, remove the old one.
     */
    Optional<String> adminTokenHashesFile();

    /** Paths that need the admin credential. */
    @WithDefault("/admin/")
    String adminPathPrefix();

    /** Paths that need a partner key scoped to the venue named in the next path segment. */
    @WithDefault("/venues/")
    String partnerPathPrefix();

    /** Paths about the partner itself (its webhook subscriptions): any valid partner key, no venue scope. */
    @WithDefault("/partner/")
    String partnerAccountPathPrefix();
}
