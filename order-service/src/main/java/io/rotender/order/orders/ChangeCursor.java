package io.rotender.order.orders;

import io.rotender.platform.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the change feed: the transaction id and sequence number of the last change a partner read. Sent
 * opaque ({@code base64url("c1:<xid>:<seq>")}); {@code 0} is the start of the feed.
 */
public record ChangeCursor(long xid, long seq) {

    public static final ChangeCursor START = new ChangeCursor(0, 0);
    private static final Pattern FORM = Pattern.compile("c1:(\\d{1,19}):(\\d{1,19})");

    /** The cursor a partner sent; a 400 naming {@code field} when it is not one this service wrote. */
    public static ChangeCursor parse(String field, String text) {
        if ("0".equals(text)) {
            return START;
        }
        try {
            Matcher m = FORM.matcher(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII));
            if (m.matches()) {
                return new ChangeCursor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            }
        } catch (IllegalArgumentException e) {
            // not base64 or out of range: refused below
        }
        throw ProblemException.invalidField(field, "must be 0 or a next_cursor this API returned");
    }

    @Override
    public String toString() {
        return this.equals(START) ? "0"
                : Base64.getUrlEncoder().withoutPadding().encodeToString(("c1:" + xid + ":" + seq).getBytes(StandardCharsets.US_ASCII));
    }
}
