package io.github.clbtrigger.codec;

import io.github.clbtrigger.common.HttpTokens;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of an integration response that are not JSON syntax, in one place: both readers of
 * {@link ResponseDecoder} ({@link JacksonResponseReader}, which explains every refusal, and {@link ResponseScanner},
 * the byte scanner) tokenize the value their own way and hand the members they read to one assembler per value, which
 * then decides. The rules:
 * <ul>
 *   <li>{@code statusCode} is required and a final status, 200 to 599 ({@link #isFinalStatus});</li>
 *   <li>in a dialect that {@linkplain Dialect#bodyAndHeadersRequired() requires them}, {@code body} and
 *       {@code headers} are present and not {@code null};</li>
 *   <li>a header name is an HTTP token ({@link #isHeaderName}); a value holds no control character but tab
 *       ({@link #firstBadValueChar}); {@code Content-Length} and the hop-by-hop headers are dropped
 *       ({@link #keeps});</li>
 *   <li>the body is Base64 when {@code isBase64Encoded} says so, else by the dialect's default; Base64 is strict
 *       ({@link Base64Strict}), text is sent as UTF-8, and the bytes may not exceed {@code maxBodyBytes}.</li>
 * </ul>
 * What the readers keep to themselves is the JSON: strictness, limits, member names never repeated in any object,
 * and the type of each member's value (a reader hands over only values of the right type).
 *
 * <p>Mutable, for one value only. Each setter is called at most once per member, in document order; the body, the
 * dialect and the limit are given to {@code response}, which applies the rules. The Jackson reader makes a plain
 * assembler; the scanner <em>is</em> one ({@link JsonByteReader} extends this class), so that a value the scanner
 * decides costs one object for its tokenizer state and its members together. For that, the state here is kept to
 * what must outlive the reading of one member, in as few bytes as it takes.
 */
sealed class ResponseAssembler permits JsonByteReader {

    /**
     * Lower-cased names a function may not set, dropped from the response: {@code Content-Length} (the frontend
     * computes it) and the hop-by-hop headers.
     */
    static final Set<String> DROPPED_HEADERS = Set.of(
            "connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer",
            "content-length");

    /** {@link #DROPPED_HEADERS} as ASCII bytes, for {@link #keeps(byte[], int, int)}. */
    private static final byte[][] DROPPED_BYTES = DROPPED_HEADERS.stream()
            .map(name -> name.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private static final Header[] NO_HEADERS = {};
    private static final byte[] NO_BYTES = {};

    /** {@code statusCode}, a final status, or -1 while absent (200 to 599 fit a short). */
    private short statusCode = -1;
    /** {@code isBase64Encoded}: -1 absent or null, 0 false, 1 true. */
    private byte base64 = -1;
    private boolean headersGiven;
    private Header[] lines = NO_HEADERS;
    private int lineCount;

    ResponseAssembler() {
    }

    /** Whether {@code code} is a status the frontend may send: a final one. A 1xx is interim: a client would wait on. */
    static boolean isFinalStatus(int code) {
        return code >= 200 && code <= 599;
    }

    /** Whether {@code name} may name a header line: an RFC 7230 token. */
    static boolean isHeaderName(String name) {
        return HttpTokens.isToken(name);
    }

    /** Whether the header {@code name} (a token) is kept; {@code Content-Length} and hop-by-hop ones are dropped. */
    static boolean keeps(String name) {
        return !DROPPED_HEADERS.contains(HttpSyntax.lower(name));
    }

    /** {@link #keeps(String)} for the ASCII name {@code bytes[start, stop)}, without making a String. */
    static boolean keeps(byte[] bytes, int start, int stop) {
        int length = stop - start;
        for (byte[] dropped : DROPPED_BYTES) {
            if (dropped.length == length && equalsLowerAscii(bytes, start, dropped)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsLowerAscii(byte[] bytes, int start, byte[] lower) {
        for (int k = 0; k < lower.length; k++) {
            int c = bytes[start + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[k]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first character a header value may not hold (a control character but tab), or -1. */
    static int firstBadValueChar(String value) {
        return HttpSyntax.firstBadValueChar(value);
    }

    /**
     * Sets the status. {@code code} is the member's value, or -1 when it is an integer that is not three digits;
     * {@code text} is the integer as written, for the message ({@code null}: {@code code} is shown).
     */
    final void statusCode(int code, String text) throws Refusal {
        if (!isFinalStatus(code)) {
            throw badStatus(code, text);
        }
        statusCode = (short) code;
    }

    private static Refusal badStatus(int code, String text) {
        String shown = text == null ? Integer.toString(code) : text;
        return new Refusal(InvalidReason.BAD_STATUS_CODE, "$.statusCode", code >= 100 && code < 200
                ? "must be from 200 to 599 (a 1xx status is not a final response), was " + shown
                : "must be from 200 to 599, was " + shown);
    }

    /** Sets {@code isBase64Encoded}, present and not {@code null}. */
    final void isBase64Encoded(boolean value) {
        base64 = (byte) (value ? 1 : 0);
    }

    /** Notes that {@code headers} is present and not {@code null} (an object, possibly empty). */
    final void headersGiven() {
        headersGiven = true;
    }

    /** Adds a header line; the caller has checked the name and value and that the name {@link #keeps}. */
    final void addLine(String name, String value) {
        if (lineCount == lines.length) {
            lines = lineCount == 0 ? new Header[8] : Arrays.copyOf(lines, lineCount * 2);
        }
        lines[lineCount++] = new Header(name, value);
    }

    /**
     * Applies the rules to the members set and the body's text {@code body} ({@code null}: absent or {@code null}),
     * and builds the response, or says why the value is refused.
     */
    final HttpResponse response(Dialect dialect, int maxBodyBytes, String body) throws Refusal {
        checkRequired(dialect, body != null);
        byte[] bytes;
        if (body == null) {
            bytes = NO_BYTES;
        } else {
            bytes = isBase64(dialect) ? fromBase64(body, maxBodyBytes) : fromText(body, maxBodyBytes);
        }
        return HttpResponse.owning(statusCode, lines, lineCount, bytes);
    }

    /**
     * {@link #response(Dialect, int, String)} for a body whose text is the well-formed UTF-8 in
     * {@code in[start, stop)} ({@code in} {@code null}: absent or {@code null}); the array is not changed later and,
     * when it is exactly the text, may become the body itself.
     */
    final HttpResponse response(Dialect dialect, int maxBodyBytes, byte[] in, int start, int stop) throws Refusal {
        checkRequired(dialect, in != null);
        byte[] bytes;
        if (in == null) {
            bytes = NO_BYTES;
        } else {
            bytes = isBase64(dialect) ? fromBase64(in, start, stop, maxBodyBytes)
                    : fromUtf8(in, start, stop, maxBodyBytes);
        }
        return HttpResponse.owning(statusCode, lines, lineCount, bytes);
    }

    private void checkRequired(Dialect dialect, boolean bodyGiven) throws Refusal {
        if (statusCode < 0) {
            throw new Refusal(InvalidReason.MISSING_STATUS_CODE, "$.statusCode", "statusCode is required");
        }
        if (dialect.bodyAndHeadersRequired() && (!bodyGiven || !headersGiven)) {
            String missing = !bodyGiven ? "body" : "headers";
            throw new Refusal(InvalidReason.MISSING_MEMBER, "$." + missing, missing + " is required in this dialect");
        }
    }

    private boolean isBase64(Dialect dialect) {
        return base64 < 0 ? dialect.base64ByDefault() : base64 == 1;
    }

    private static byte[] fromBase64(String text, int maxBodyBytes) throws Refusal {
        long length = Base64Strict.decodedLength(text);
        if (length < 0) {
            throw badBase64Length(text.length());
        }
        checkSize(length, maxBodyBytes);
        int[] bad = new int[1];
        byte[] bytes = Base64Strict.decode(text, (int) length, bad);
        if (bytes == null) {
            throw badBase64Char(text.charAt(bad[0]), bad[0]);
        }
        return bytes;
    }

    /**
     * Strict Base64 of the UTF-8 text {@code in[start, stop)}, decoded by the JDK straight from the array (its decoder
     * accepts exactly the strict form once the length and padding are checked). When it refuses, the text is read as a
     * String to say where, as for the Jackson reader.
     */
    private static byte[] fromBase64(byte[] in, int start, int stop, int maxBodyBytes) throws Refusal {
        long length = Base64Strict.decodedLength(in, start, stop);
        if (length < 0) {
            throw badBase64Length(stop - start);
        }
        checkSize(length, maxBodyBytes);
        try {
            ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(in, start, stop - start));
            byte[] bytes = decoded.array();
            if (decoded.arrayOffset() == 0 && decoded.position() == 0 && decoded.limit() == length) {
                return bytes.length == length ? bytes : Arrays.copyOf(bytes, (int) length);
            }
        } catch (IllegalArgumentException e) {
            // a character outside the alphabet: the String form below says which
        }
        return fromBase64(new String(in, start, stop - start, StandardCharsets.UTF_8), maxBodyBytes);
    }

    private static Refusal badBase64Length(int length) {
        return new Refusal(InvalidReason.BAD_BASE64, "$.body", "length " + length + " with this padding is not Base64");
    }

    private static Refusal badBase64Char(char c, int index) {
        return new Refusal(InvalidReason.BAD_BASE64, "$.body", String.format(Locale.ROOT,
                "character U+%04X at index %d is not in the standard Base64 alphabet", (int) c, index));
    }

    private static byte[] fromText(String text, int maxBodyBytes) throws Refusal {
        long length = Utf8.encodedLength(text);
        checkSize(length, maxBodyBytes);
        return Utf8.encode(text, (int) length);
    }

    private static byte[] fromUtf8(byte[] in, int start, int stop, int maxBodyBytes) throws Refusal {
        checkSize(stop - start, maxBodyBytes);
        return start == 0 && stop == in.length ? in : Arrays.copyOfRange(in, start, stop);
    }

    private static void checkSize(long length, int maxBodyBytes) throws Refusal {
        if (length > maxBodyBytes) {
            throw new Refusal(InvalidReason.BODY_TOO_LARGE, "$.body",
                    "body of " + length + " bytes is over the limit of " + maxBodyBytes);
        }
    }

    /** Why a value is refused: a reason, a JSON path and a detail. Control flow inside the decoder, never thrown out. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        final InvalidReason reason;
        final String path;

        Refusal(InvalidReason reason, String path, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
            this.path = path;
        }
    }
}
