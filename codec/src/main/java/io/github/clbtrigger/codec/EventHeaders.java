package io.github.clbtrigger.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code headers} member of an event (the rules are in {@link EventEncoder}'s documentation): the client's
 * headers grouped by name ignoring ASCII case, in first-seen order, minus the reserved names, then the headers CLB
 * adds.
 *
 * <p>Names are compared with {@link HttpSyntax#equalsLowerAscii} against each other and against the reserved
 * names, so no lower-cased copy of a name is made on the way. A name is made well-formed ({@link JsonText#wellFormed})
 * before it is compared, so that two names never collapse into one JSON member later; values are not: the joined
 * values never put two pieces next to each other (the separator is not empty), and {@link JsonOut#string} writes an
 * unpaired surrogate as U+FFFD, which is what making each piece well-formed first would give.
 *
 * <p>Not thread-safe; one per event.
 */
final class EventHeaders {

    /** The names CLB sets itself, lower case: a client's own value is dropped. */
    private static final String[] RESERVED = {
        "x-stgw-time", "x-client-proto", "x-forwarded-proto", "x-client-proto-ver", "x-real-ip", "x-real-port",
        "x-vip", "x-vport", "x-uri", "x-method"};

    private static final String FORWARDED_FOR = "x-forwarded-for";

    /** The headers CLB adds to every event, as {@link #write} spells them. */
    private static final String STGW_TIME = "X-Stgw-Time";
    private static final String CLIENT_PROTO = "X-Client-Proto";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String CLIENT_PROTO_VER = "X-Client-Proto-Ver";
    private static final String REAL_IP = "X-Real-IP";
    private static final String FORWARDED_FOR_NAME = "X-Forwarded-For";

    /** What a group's name is, as far as the event cares. */
    private static final byte PLAIN = 0;
    private static final byte RESERVED_NAME = 1;
    private static final byte FORWARDED = 2;
    private static final byte CONTENT_TYPE = 3;
    private static final byte COOKIE = 4;

    /** Grouping with a hash map from this many header lines on; linear search below. */
    private static final int LINEAR_MAX = 16;

    private final int count;
    private final String[] names;
    private final String[] firsts;
    private final byte[] kinds;
    private final StringBuilder[] rests;

    private EventHeaders(int count, String[] names, String[] firsts, byte[] kinds, StringBuilder[] rests) {
        this.count = count;
        this.names = names;
        this.firsts = firsts;
        this.kinds = kinds;
        this.rests = rests;
    }

    /** Groups the client's header lines. */
    static EventHeaders of(List<Header> headers) {
        int n = headers.size();
        String[] names = new String[n];
        String[] firsts = new String[n];
        byte[] kinds = new byte[n];
        StringBuilder[] rests = null;
        int count = 0;
        Map<String, Integer> byKey = n > LINEAR_MAX ? new HashMap<>() : null;
        for (int h = 0; h < n; h++) {
            Header header = headers.get(h);
            String name = JsonText.wellFormed(header.name());
            int group = -1;
            if (byKey != null) {
                Integer found = byKey.putIfAbsent(HttpSyntax.lower(name), count);
                group = found == null ? -1 : found;
            } else {
                for (int k = 0; k < count; k++) {
                    if (HttpSyntax.equalsIgnoreAsciiCase(names[k], name)) {
                        group = k;
                        break;
                    }
                }
            }
            if (group < 0) {
                names[count] = name;
                firsts[count] = header.value();
                kinds[count] = kind(name);
                count++;
            } else {
                if (rests == null) {
                    rests = new StringBuilder[n];
                }
                if (rests[group] == null) {
                    rests[group] = new StringBuilder(firsts[group]);
                }
                rests[group].append(kinds[group] == COOKIE ? "; " : ", ").append(header.value());
            }
        }
        return new EventHeaders(count, names, firsts, kinds, rests);
    }

    private static byte kind(String name) {
        int length = name.length();
        if (length >= 5 && (name.charAt(0) | 0x20) == 'x' && name.charAt(1) == '-') {
            if (HttpSyntax.equalsLowerAscii(name, FORWARDED_FOR)) {
                return FORWARDED;
            }
            for (String reserved : RESERVED) {
                if (HttpSyntax.equalsLowerAscii(name, reserved)) {
                    return RESERVED_NAME;
                }
            }
            return PLAIN;
        }
        if (HttpSyntax.equalsLowerAscii(name, "content-type")) {
            return CONTENT_TYPE;
        }
        return HttpSyntax.equalsLowerAscii(name, "cookie") ? COOKIE : PLAIN;
    }

    /** The first {@code Content-Type} value, made well-formed; {@code null} when there is none. */
    String contentType() {
        for (int k = 0; k < count; k++) {
            if (kinds[k] == CONTENT_TYPE) {
                return JsonText.wellFormed(firsts[k]);
            }
        }
        return null;
    }

    private String value(int k) {
        return rests == null || rests[k] == null ? firsts[k] : rests[k].toString();
    }

    /** Writes the members of the {@code headers} object (not its braces). */
    void write(JsonOut out, InboundRequest request, Set<CustomHeader> customHeaders) {
        StringBuilder chain = null;
        for (int k = 0; k < count; k++) {
            byte kind = kinds[k];
            if (kind == FORWARDED) {
                chain = forwardedChain(request);
            } else if (kind != RESERVED_NAME) {
                writeHeader(out, names[k], value(k));
            }
        }
        writeStgwTime(out, request.receivedAt());
        writeAdded(out, CLIENT_PROTO_MEMBER, request.scheme());
        writeAdded(out, FORWARDED_PROTO_MEMBER, request.scheme());
        writeAdded(out, CLIENT_PROTO_VER_MEMBER, request.protocol());
        writeAdded(out, REAL_IP_MEMBER, request.clientIp());
        writeAdded(out, FORWARDED_FOR_MEMBER,
                chain == null ? request.clientIp() : chain.append(request.clientIp()).toString());
        if (!customHeaders.isEmpty()) {
            for (CustomHeader custom : CustomHeader.values()) {
                if (customHeaders.contains(custom)) {
                    writeHeader(out, custom.headerName(), customValue(custom, request));
                }
            }
        }
    }

    /**
     * The length of what {@link #write} writes for {@code request}, exactly or a little over when no name or value
     * needs escaping: each member is {@code ,"name":"value"} (the first has no comma), the six headers CLB adds,
     * and a port's longest digits.
     */
    static int maxLength(InboundRequest request, Set<CustomHeader> customHeaders) {
        // The first member has no comma.
        int n = ADDED_CHARS - 1 + stgwTimeLength(request.receivedAt()) + 2 * request.scheme().length()
                + request.protocol().length() + 2 * request.clientIp().length();
        for (Header header : request.headers()) {
            n += header.name().length() + header.value().length() + 6;
        }
        for (CustomHeader custom : customHeaders) {
            n += custom.headerName().length() + 6 + switch (custom) {
                case X_VIP -> request.vip().length();
                case X_URI -> request.uri().length();
                case X_METHOD -> request.method().length();
                case X_VPORT, X_REAL_PORT -> 10;
            };
        }
        return n;
    }

    /** The names of the six headers CLB adds, with their quotes, colons and commas. */
    private static final int ADDED_CHARS = STGW_TIME.length() + CLIENT_PROTO.length() + FORWARDED_PROTO.length()
            + CLIENT_PROTO_VER.length() + REAL_IP.length() + FORWARDED_FOR_NAME.length() + 6 * 6;

    /**
     * The length of {@link #stgwTime}'s text: exact from 0 on (the digits of the seconds and {@code .000}), the
     * longest a negative time can have below.
     */
    static int stgwTimeLength(Instant receivedAt) {
        long seconds = receivedAt.getEpochSecond();
        if (seconds < 0) {
            return Long.toString(Long.MIN_VALUE).length() + ".000".length();
        }
        return JsonOut.digits(seconds) + ".000".length();
    }

    /**
     * The start of each added header's member, {@code ,"Name":}, as bytes: the names need no escaping, and a member
     * added by CLB always follows the client's or {@code X-Stgw-Time}, so the comma is certain.
     */
    private static final byte[] CLIENT_PROTO_MEMBER = member(CLIENT_PROTO);
    private static final byte[] FORWARDED_PROTO_MEMBER = member(FORWARDED_PROTO);
    private static final byte[] CLIENT_PROTO_VER_MEMBER = member(CLIENT_PROTO_VER);
    private static final byte[] REAL_IP_MEMBER = member(REAL_IP);
    private static final byte[] FORWARDED_FOR_MEMBER = member(FORWARDED_FOR_NAME);

    private static byte[] member(String name) {
        return (",\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeAdded(JsonOut out, byte[] member, String value) {
        out.raw(member, 0, member.length);
        out.headerValue(value);
    }

    private static void writeHeader(JsonOut out, String name, String value) {
        separate(out);
        out.string(name);
        out.raw((byte) ':');
        out.headerValue(value);
    }

    /** A comma, unless this is the first member. */
    private static void separate(JsonOut out) {
        int mark = out.position();
        if (mark > 0 && out.array()[mark - 1] != '{') {
            out.raw((byte) ',');
        }
    }

    /** {@code X-Stgw-Time}, written digit by digit (the text of {@link #stgwTime}). */
    private static void writeStgwTime(JsonOut out, Instant receivedAt) {
        if (receivedAt.getEpochSecond() < 0) {
            writeHeader(out, STGW_TIME, stgwTime(receivedAt));
            return;
        }
        separate(out);
        out.ascii("\"" + STGW_TIME + "\":\"");
        out.decimal(receivedAt.getEpochSecond());
        int millis = receivedAt.getNano() / 1_000_000;
        out.raw((byte) '.');
        out.raw((byte) ('0' + millis / 100));
        out.raw((byte) ('0' + millis / 10 % 10));
        out.raw((byte) ('0' + millis % 10));
        out.raw((byte) '"');
    }

    private static String customValue(CustomHeader custom, InboundRequest request) {
        return switch (custom) {
            case X_VIP -> request.vip();
            case X_VPORT -> Integer.toString(request.vport());
            case X_URI -> request.uri();
            case X_METHOD -> request.method();
            case X_REAL_PORT -> Integer.toString(request.clientPort());
        };
    }

    /** Epoch seconds with exactly three decimals, milliseconds truncated: {@code 1591692977.774}. */
    static String stgwTime(Instant instant) {
        long seconds = instant.getEpochSecond();
        int millis = instant.getNano() / 1_000_000;
        if (seconds < 0) {
            return BigDecimal.valueOf(seconds)
                    .add(BigDecimal.valueOf(millis, 3))
                    .setScale(3)
                    .toPlainString();
        }
        String whole = Long.toString(seconds);
        StringBuilder text = new StringBuilder(whole.length() + 4).append(whole).append('.');
        if (millis < 100) {
            text.append(millis < 10 ? "00" : "0");
        }
        return text.append(millis).toString();
    }

    /**
     * nginx {@code $proxy_add_x_forwarded_for}, without the client IP: the incoming chain, each value followed by
     * {@code ", "}.
     */
    private static StringBuilder forwardedChain(InboundRequest request) {
        StringBuilder chain = new StringBuilder();
        for (Header header : request.headers()) {
            if (HttpSyntax.equalsLowerAscii(header.name(), FORWARDED_FOR)) {
                String value = HttpSyntax.stripOws(header.value());
                if (!value.isEmpty()) {
                    chain.append(value).append(", ");
                }
            }
        }
        return chain;
    }
}
