package io.github.clbtrigger.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The encoder's general path for a JSON request body, taken when {@link PayloadScanner} is not sure: Jackson's
 * parser checks that the body is one strict JSON value (well-formed UTF-8 without BOM or NUL, no member name
 * repeated in an object, within the factory's limits), and a generator copies it token by token, numbers and strings
 * with their exact text. Immutable and thread-safe.
 */
final class JacksonPayloadCopy {

    private final JsonFactory json;

    JacksonPayloadCopy(JsonFactory json) {
        this.json = json;
    }

    /** Appends the compact copy of the body and returns {@code true}, or {@code false} when it is not strict JSON. */
    boolean copy(byte[] body, int offset, int length, JsonOut out) {
        if (!isStrictJson(body, offset, length)) {
            return false;
        }
        try (JsonGenerator generator = json.createGenerator(out.asOutputStream(), JsonEncoding.UTF8)) {
            copy(body, offset, length, generator);
        } catch (IOException e) {
            throw new UncheckedIOException("copying JSON that parsed before", e);
        }
        return true;
    }

    /** One JSON value, well-formed UTF-8 without BOM or NUL, no duplicate keys, within the limits. */
    private boolean isStrictJson(byte[] body, int offset, int length) {
        if (length >= 3 && body[offset] == (byte) 0xEF && body[offset + 1] == (byte) 0xBB
                && body[offset + 2] == (byte) 0xBF) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        if (Utf8.firstMalformed(body, offset, length) >= 0) {
            return false;
        }
        try (JsonParser parser = json.createParser(body, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return false;
            }
            if (DuplicateKeys.skipValue(parser) != null) {
                return false;
            }
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies an already validated JSON value token by token; numbers and strings keep their exact text. */
    private void copy(byte[] body, int offset, int length, JsonGenerator out) throws IOException {
        try (JsonParser parser = json.createParser(body, offset, length)) {
            int depth = 0;
            do {
                JsonToken token = parser.nextToken();
                switch (token) {
                    case START_OBJECT:
                        out.writeStartObject();
                        depth++;
                        break;
                    case START_ARRAY:
                        out.writeStartArray();
                        depth++;
                        break;
                    case END_OBJECT:
                        out.writeEndObject();
                        depth--;
                        break;
                    case END_ARRAY:
                        out.writeEndArray();
                        depth--;
                        break;
                    case FIELD_NAME:
                        JacksonSetup.writeName(out, parser.currentName());
                        break;
                    case VALUE_STRING:
                        JacksonSetup.writeString(out, parser.getTextCharacters(), parser.getTextOffset(),
                                parser.getTextLength());
                        break;
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        out.writeNumber(parser.getText());
                        break;
                    case VALUE_TRUE:
                        out.writeBoolean(true);
                        break;
                    case VALUE_FALSE:
                        out.writeBoolean(false);
                        break;
                    case VALUE_NULL:
                        out.writeNull();
                        break;
                    default:
                        throw new IOException("unexpected JSON token " + token);
                }
            } while (depth > 0);
        }
    }
}
