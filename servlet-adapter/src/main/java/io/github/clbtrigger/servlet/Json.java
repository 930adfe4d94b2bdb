package io.github.clbtrigger.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The module's one {@link ObjectMapper}, with explicit read limits; Jackson's global defaults are left alone. */
final class Json {

    /** Configuration files and handler events: bounded depth and string length, unknown POJO fields ignored (as SCF). */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(256)
                            .maxStringLength(32 * 1024 * 1024)
                            .maxNumberLength(1000)
                            .build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }
}
