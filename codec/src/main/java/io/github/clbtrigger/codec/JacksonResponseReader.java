package io.github.clbtrigger.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.clbtrigger.codec.ResponseAssembler.Refusal;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The reader of {@link ResponseDecoder} that decides every value and explains every refusal: Jackson's streaming
 * parser, with the decoder's limits, tokenizes the value; the JSON rules (strict syntax, well-formed UTF-8 without
 * BOM or NUL, no member name repeated in any object, one value and nothing after it) are checked here, each member is
 * type-checked and handed to a {@link ResponseAssembler}, which applies the rules of a response. The first problem in
 * document order is reported, with its JSON path; syntax problems of the whole document come before the
 * assembler's. Immutable and thread-safe.
 */
final class JacksonResponseReader {

    private final JsonFactory json;
    private final Dialect dialect;
    private final int maxBodyBytes;

    JacksonResponseReader(JsonFactory json, Dialect dialect, int maxBodyBytes) {
        this.json = json;
        this.dialect = dialect;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Decodes {@code value} ({@code null} is empty input). Never throws. */
    DecodeResult read(byte[] value) {
        try {
            return new DecodeResult.Valid(parse(value == null ? new byte[0] : value));
        } catch (Refusal refusal) {
            return invalid(refusal.reason, refusal.path, refusal.getMessage());
        } catch (IOException | RuntimeException e) {
            // Not expected: every known problem is a Refusal. Kept so that the promise "never throws" holds.
            return invalid(InvalidReason.MALFORMED_JSON, "$", "internal error: " + e.getClass().getSimpleName());
        }
    }

    private DecodeResult.Invalid invalid(InvalidReason reason, String path, String detail) {
        return new DecodeResult.Invalid(dialect.errorResponse(), reason, path, JsonText.safeDetail(detail));
    }

    private HttpResponse parse(byte[] value) throws Refusal, IOException {
        checkEncoding(value);
        try (JsonParser parser = json.createParser(value)) {
            try {
                return readDocument(parser);
            } catch (JsonProcessingException e) {
                throw failure(e, JacksonSetup.path(parser.getParsingContext()));
            }
        }
    }

    /**
     * The next token where a member name or the end of an object is due, after the member {@code previous} (null
     * before the first). Jackson reads a name and the start of its value in one step; a failure before the new name
     * is known (a name over the limit, a trailing comma, a comment) leaves the context naming the member before, and
     * is reported at the object's path instead of that member's.
     */
    private static JsonToken nextInObject(JsonParser parser, String previous) throws Refusal, IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw failure(e, failurePath(parser, previous));
        }
    }

    /** A parser's failure at {@code path}: a limit is LIMIT_EXCEEDED, anything else MALFORMED_JSON with its byte. */
    private static Refusal failure(JsonProcessingException e, String path) {
        if (e instanceof StreamConstraintsException) {
            return new Refusal(InvalidReason.LIMIT_EXCEEDED, path, e.getOriginalMessage());
        }
        String where = e.getLocation() == null ? "" : " (byte " + e.getLocation().getByteOffset() + ")";
        return new Refusal(InvalidReason.MALFORMED_JSON, path, JacksonSetup.message(e) + where);
    }

    private static String failurePath(JsonParser parser, String previous) {
        JsonStreamContext context = parser.getParsingContext();
        boolean stale = context.inObject() && context.getParent() != null
                && Objects.equals(context.getCurrentName(), previous);
        return JacksonSetup.path(stale ? context.getParent() : context);
    }

    private static void checkEncoding(byte[] value) throws Refusal {
        if (value.length >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF) {
            throw new Refusal(InvalidReason.MALFORMED_JSON, "$", "byte order mark before the JSON value");
        }
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                throw new Refusal(InvalidReason.MALFORMED_JSON, "$", "NUL byte at byte " + i);
            }
        }
        int bad = Utf8.firstMalformed(value, 0, value.length);
        if (bad >= 0) {
            throw new Refusal(InvalidReason.INVALID_UTF8, "$", "malformed UTF-8 at byte " + bad);
        }
    }

    private HttpResponse readDocument(JsonParser parser) throws Refusal, IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new Refusal(InvalidReason.MALFORMED_JSON, "$", "no JSON value");
        }
        if (first != JsonToken.START_OBJECT) {
            skip(parser);
            checkTrailing(parser);
            throw new Refusal(InvalidReason.NOT_AN_OBJECT, "$", "the value is " + describe(first) + ", not an object");
        }
        ResponseAssembler members = new ResponseAssembler();
        String body = null; // absent or null
        Set<String> seen = new HashSet<>();
        JsonToken token;
        String previous = null;
        while ((token = nextInObject(parser, previous)) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            previous = name;
            if (!seen.add(name)) {
                throw duplicate(parser, name);
            }
            JsonToken value = parser.nextToken();
            switch (name) {
                case "statusCode":
                    statusCode(parser, value, members);
                    break;
                case "isBase64Encoded":
                    isBase64Encoded(parser, value, members);
                    break;
                case "headers":
                    headers(parser, value, members);
                    break;
                case "body":
                    body = body(parser, value);
                    break;
                default:
                    skip(parser);
                    break;
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new Refusal(InvalidReason.MALFORMED_JSON, JacksonSetup.path(parser.getParsingContext()),
                    "unexpected " + describe(token));
        }
        checkTrailing(parser);
        return members.response(dialect, maxBodyBytes, body);
    }

    private static void skip(JsonParser parser) throws Refusal, IOException {
        String repeated = DuplicateKeys.skipValue(parser);
        if (repeated != null) {
            throw duplicate(parser, repeated);
        }
    }

    private static Refusal duplicate(JsonParser parser, String name) {
        return new Refusal(InvalidReason.DUPLICATE_KEY, JacksonSetup.path(parser.getParsingContext()),
                "member " + JsonText.quote(name.length() > 64 ? name.substring(0, 64) + "..." : name) + " repeated");
    }

    private static void checkTrailing(JsonParser parser) throws Refusal {
        JsonToken next;
        try {
            next = parser.nextToken();
        } catch (IOException e) {
            throw new Refusal(InvalidReason.TRAILING_CONTENT, "$", "content after the JSON value");
        }
        if (next != null) {
            throw new Refusal(InvalidReason.TRAILING_CONTENT, "$", "another JSON value after the first");
        }
    }

    private static void statusCode(JsonParser parser, JsonToken value, ResponseAssembler members)
            throws Refusal, IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            String shown = value == JsonToken.VALUE_NUMBER_FLOAT ? "the number " + parser.getText() : describe(value);
            throw new Refusal(InvalidReason.BAD_STATUS_CODE, JacksonSetup.path(parser.getParsingContext()),
                    "must be an integer from 200 to 599, was " + shown);
        }
        String text = parser.getText();
        boolean threeDigits = text.length() == 3 && text.charAt(0) >= '1' && text.charAt(0) <= '9';
        members.statusCode(threeDigits ? Integer.parseInt(text) : -1, text);
    }

    private static void isBase64Encoded(JsonParser parser, JsonToken value, ResponseAssembler members)
            throws Refusal {
        switch (value) {
            case VALUE_NULL:
                return;
            case VALUE_TRUE:
            case VALUE_FALSE:
                members.isBase64Encoded(value == JsonToken.VALUE_TRUE);
                return;
            default:
                throw new Refusal(InvalidReason.BAD_IS_BASE64_ENCODED, JacksonSetup.path(parser.getParsingContext()),
                        "must be true or false, was " + describe(value));
        }
    }

    private static void headers(JsonParser parser, JsonToken value, ResponseAssembler members)
            throws Refusal, IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new Refusal(InvalidReason.BAD_HEADERS, JacksonSetup.path(parser.getParsingContext()),
                    "must be an object, was " + describe(value));
        }
        members.headersGiven();
        Set<String> seen = new HashSet<>();
        JsonToken token;
        String previous = null;
        while ((token = nextInObject(parser, previous)) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            previous = name;
            if (!seen.add(name)) {
                throw duplicate(parser, name);
            }
            if (!ResponseAssembler.isHeaderName(name)) {
                throw new Refusal(InvalidReason.BAD_HEADER_NAME, JacksonSetup.path(parser.getParsingContext()),
                        "header name " + JsonText.quote(name.length() > 64 ? name.substring(0, 64) + "..." : name)
                                + " is not an HTTP token");
            }
            String line = ResponseAssembler.keeps(name) ? name : null;
            JsonToken headerValue = parser.nextToken();
            if (headerValue == JsonToken.VALUE_STRING) {
                headerValue(parser, members, line);
            } else if (headerValue == JsonToken.START_ARRAY) {
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (element != JsonToken.VALUE_STRING) {
                        throw new Refusal(InvalidReason.BAD_HEADER_VALUE, JacksonSetup.path(parser.getParsingContext()),
                                "must be a string, was " + describe(element));
                    }
                    headerValue(parser, members, line);
                }
            } else {
                throw new Refusal(InvalidReason.BAD_HEADER_VALUE, JacksonSetup.path(parser.getParsingContext()),
                        "must be a string or an array of strings, was " + describe(headerValue));
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new Refusal(InvalidReason.MALFORMED_JSON, JacksonSetup.path(parser.getParsingContext()),
                    "unexpected " + describe(token));
        }
    }

    /** The string value at the parser, checked, and added as a line named {@code name} unless that is null. */
    private static void headerValue(JsonParser parser, ResponseAssembler members, String name)
            throws Refusal, IOException {
        String value = JsonText.wellFormed(parser.getText());   // an unpaired surrogate escape: U+FFFD, as in the body
        int bad = ResponseAssembler.firstBadValueChar(value);
        if (bad >= 0) {
            throw new Refusal(InvalidReason.BAD_HEADER_VALUE, JacksonSetup.path(parser.getParsingContext()),
                    String.format(Locale.ROOT, "control character U+%04X at index %d", (int) value.charAt(bad), bad));
        }
        if (name != null) {
            members.addLine(name, value);
        }
    }

    /** The body's text, or {@code null} for a JSON {@code null} (as if absent). */
    private static String body(JsonParser parser, JsonToken value) throws Refusal, IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new Refusal(InvalidReason.BAD_BODY, JacksonSetup.path(parser.getParsingContext()),
                    "must be a string, was " + describe(value));
        }
        try {
            return parser.getText();
        } catch (StreamConstraintsException e) {
            throw new Refusal(InvalidReason.BODY_TOO_LARGE, "$.body", e.getOriginalMessage());
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of input";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            case END_OBJECT:
                return "the end of an object";
            case END_ARRAY:
                return "the end of an array";
            case FIELD_NAME:
                return "a member name";
            default:
                return token.toString();
        }
    }

}
