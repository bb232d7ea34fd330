package io.rotender.connectors.operations;

import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.security.Secrets;

import java.util.regex.Pattern;

/**
 * Who asked for an operation, as recorded with it: the name the operator gives ({@code X-Rotender-Operator}, optional)
 * and which admin credential was used (the first 12 hex digits of its SHA-256: the token itself is never stored).
 */
final class Operator {

    static final String HEADER = "X-Rotender-Operator";
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._@+-]{1,64}");

    private Operator() {
    }

    static String of(String authorization, String name) {
        String token = authorization == null ? "" : authorization.replaceFirst("(?i)^Bearer\\s+", "").strip();
        String credential = "admin token " + Secrets.sha256Hex(token).substring(0, 12);
        if (name == null || name.isBlank()) {
            return credential;
        }
        if (!NAME.matcher(name.strip()).matches()) {
            throw ProblemException.invalidField(HEADER, "1 to 64 letters, digits, spaces or . _ @ + -");
        }
        return name.strip() + " (" + credential + ")";
    }
}
