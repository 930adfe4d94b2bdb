package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ApiOptionsTests {
    @Test
    void flagsApplyOnTopOfTheDefaults() {
        ApiOptions o = ApiOptions.defaults().parse(List.of("--api-port", "0", "--api-bind", "::1",
                "--api-task-delay", "250ms", "--api-max-body", "4096", "--api-rate-limit", "5", "--api-max-group", "8"));
        assertThat(o).isEqualTo(new ApiOptions(true, "::1", 0, Duration.ofMillis(250), 4096, 5, Map.of(), 8));
        assertThat(ApiOptions.defaults().parse(List.of("--no-api")).enabled()).isFalse();
        assertThat(ApiOptions.defaults()).isEqualTo(new ApiOptions(true, "127.0.0.1", 4577, Duration.ZERO, 1 << 20, 20,
                Map.of(), 64));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"500ms, 500", "2s, 2000", "1.5s, 1500", "1500, 1500", "0, 0"})
    void delays(String text, long millis) {
        assertThat(ApiOptions.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--api-port, 70000, --api-port", "--api-port, x, --api-port", "--api-task-delay, soon, --api-task-delay",
                "--api-task-delay, 2h, --api-task-delay", "--api-max-body, 10, --api-max-body",
                "--api-rate-limit, 0, --api-rate-limit", "--api-max-group, 0, --api-max-group",
                "--api-max-group, 1025, --api-max-group", "--api-colour, red, --api-colour"})
    void badFlagsAreNamed(String flag, String value, String named) {
        assertThatThrownBy(() -> ApiOptions.defaults().parse(List.of(flag, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
    }

    @Test
    void credentialsComeFromTheSdksEnvironmentNamesAndTheKeyIsNeverPrinted() {
        ApiOptions o = ApiOptions.fromEnvironment(Map.of("TENCENTCLOUD_SECRET_ID", "AKIDx",
                "TENCENTCLOUD_SECRET_KEY", "s3cr3t"));
        assertThat(o.strict()).isTrue();
        assertThat(o.toString()).contains("AKIDx").doesNotContain("s3cr3t");
        assertThat(ApiOptions.fromEnvironment(Map.of("TENCENTCLOUD_SECRET_ID", "AKIDx")).strict()).isFalse();
    }
}
