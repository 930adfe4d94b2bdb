package io.github.clbtrigger.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The module's one {@link ObjectMapper}, with explicit read limits; Jackson's global defaults are left alone. */
final class Json {

    /** Configuration files: bounded depth and string length, unknown POJO fields ignored. */
    static final ObjectMapper MAPPER = mapper(256, 32 * 1024 * 1024);

    /**
     * Events for Java handlers (and their return values): whatever the encoder writes reads back. Its JSON payload
     * nests at most {@code EventEncoder.DEFAULT_MAX_DEPTH} levels below the event's two, within Jackson's default of
     * 1,000 used here; strings are as long as the event holds, which the body limit bounds. Numbers keep Jackson's
     * default of 1,000 digits, as an SCF Java runtime on Jackson's defaults would: a longer one (a string of digits
     * that costs quadratic time to convert) fails the handler, a 502.
     */
    static final ObjectMapper EVENTS = mapper(1000, Integer.MAX_VALUE);

    private static ObjectMapper mapper(int maxDepth, int maxStringLength) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(maxDepth)
                                .maxStringLength(maxStringLength)
                                .maxNumberLength(1000)
                                .build())
                        .build())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private Json() {
    }
}
