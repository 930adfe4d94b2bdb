package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExchangeRecordTests {

    @Test
    void needsIdTimeMethodAndTarget() {
        assertThatThrownBy(() -> ExchangeRecord.builder().id("x").time(Instant.EPOCH).method("GET").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("target");
        assertThatThrownBy(() -> ExchangeRecord.builder().time(Instant.EPOCH).method("GET").target("/").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("id");
    }

    @Test
    void headersAreKeptUpToTheBodyLimitThenMarkedTruncated() {
        // Records.ok has two request headers of 48 characters in all; each added one costs 20.
        ExchangeRecordBuilder b = Records.ok("r", 100);
        for (int i = 0; i < 50; i++) {
            b.requestHeader("X-Header-" + i, "0123456789");
        }
        ExchangeRecord r = b.build();
        assertThat(r.requestHeaders()).hasSize(2 + 2);
        assertThat(r.requestHeadersTruncated()).isTrue();
        assertThat(r.responseHeadersTruncated()).isFalse();
    }

    @Test
    void everyBodyIsCutAtTheLimitWhenRecorded() {
        byte[] mib = new byte[1 << 20];
        java.util.Arrays.fill(mib, (byte) 'x');
        ExchangeRecord r = Records.ok("r", 1024)
                .requestBody(mib).event(mib).rawAnswer(mib).responseBody(mib).build();
        for (Body body : new Body[] {r.requestBody(), r.event(), r.rawAnswer(), r.responseBody()}) {
            assertThat(body.keptBytes()).isEqualTo(1024);
            assertThat(body.size()).isEqualTo(1 << 20);
            assertThat(body.truncated()).isTrue();
        }
    }

    @Test
    void longTextsAreCut() {
        ExchangeRecord r = Records.ok("r").target("/" + "a".repeat(100_000)).build();
        assertThat(r.target()).hasSize(ExchangeRecord.TEXT_LIMIT);
    }
}
