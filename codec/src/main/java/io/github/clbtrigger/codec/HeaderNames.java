package io.github.clbtrigger.codec;

import io.github.clbtrigger.common.HttpTokens;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Header names that functions commonly send, for the decoder: such a name comes back as one shared constant instead
 * of a new String, and needs no token check (every known name is a token the decoder keeps). A name keeps its case
 * as received, so each known name is here as written in the RFCs and in lower case (as HTTP/2 and many frameworks
 * write it); {@code content-TYPE} is not known and becomes a new String like any other.
 *
 * <p>The known names: the names of the HTTP/2 static table (RFC 7541 Appendix A) that a response may carry, and the
 * CORS, security and request-id headers that web frameworks add.
 */
final class HeaderNames {

    private static final String[] COMMON = {
        "Accept-Ranges", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers",
        "Access-Control-Allow-Methods", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
        "Access-Control-Max-Age", "Age", "Allow", "Cache-Control", "Content-Disposition", "Content-Encoding",
        "Content-Language", "Content-Location", "Content-Range", "Content-Security-Policy", "Content-Type", "Date",
        "ETag", "Expires", "Last-Modified", "Link", "Location", "Pragma", "Proxy-Authenticate", "Referrer-Policy",
        "Refresh", "Retry-After", "Server", "Set-Cookie", "Strict-Transport-Security", "Vary", "Via",
        "WWW-Authenticate", "X-Content-Type-Options", "X-Frame-Options", "X-Request-Id", "X-XSS-Protection",
    };

    /** Open addressing, at most a quarter full: the known names, and their bytes at the same index. */
    private static final int MASK = 255;
    private static final String[] NAMES = new String[MASK + 1];
    private static final byte[][] BYTES = new byte[MASK + 1][];

    static {
        List<String> all = new ArrayList<>();
        for (String name : COMMON) {
            all.add(name);
            all.add(name.toLowerCase(Locale.ROOT));
        }
        for (String name : all) {
            if (!HttpTokens.isToken(name) || !ResponseAssembler.keeps(name)) {
                throw new AssertionError(name);
            }
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            int slot = hash(bytes, 0, bytes.length);
            while (NAMES[slot] != null) {
                slot = slot + 1 & MASK;
            }
            NAMES[slot] = name;
            BYTES[slot] = bytes;
        }
    }

    private HeaderNames() {
    }

    /**
     * The constant for {@code in[start, stop)}, not empty, when it is a known name, else {@code null}. A known name
     * is an HTTP token that the decoder does not drop.
     */
    static String known(byte[] in, int start, int stop) {
        int length = stop - start;
        for (int slot = hash(in, start, length); NAMES[slot] != null; slot = slot + 1 & MASK) {
            byte[] known = BYTES[slot];
            if (known.length == length && Arrays.equals(in, start, stop, known, 0, length)) {
                return NAMES[slot];
            }
        }
        return null;
    }

    /** A hash of the length and three of the bytes. */
    private static int hash(byte[] bytes, int start, int length) {
        int h = length * 31 + bytes[start] * 7 + bytes[start + (length >> 1)] * 131 + bytes[start + length - 1];
        return (h ^ h >>> 5) & MASK;
    }
}
