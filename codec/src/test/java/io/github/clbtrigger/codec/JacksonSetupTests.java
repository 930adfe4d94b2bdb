package io.github.clbtrigger.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.json.PackageVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Jackson floor: a jackson-core older than the floor is refused when an encoder or decoder is built. */
class JacksonSetupTests {

    @ParameterizedTest(name = "{0}.{1}.{2}")
    @CsvSource({"2, 15, 4", "2, 14, 0", "2, 12, 7"})
    void aJacksonBelowTheFloorIsRefusedWithBothVersionsNamed(int major, int minor, int patch) {
        Version old = new Version(major, minor, patch, null, "com.fasterxml.jackson.core", "jackson-core");
        assertThatThrownBy(() -> JacksonSetup.checkVersion(old))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jackson-core 2.16 or later")
                .hasMessageContaining(major + "." + minor + "." + patch);
    }

    @ParameterizedTest(name = "{0}.{1}.{2}")
    @CsvSource({"2, 16, 0", "2, 17, 2", "2, 18, 0", "2, 22, 3"})
    void theFloorAndLaterAreAccepted(int major, int minor, int patch) {
        Version version = new Version(major, minor, patch, null, "com.fasterxml.jackson.core", "jackson-core");
        assertThatCode(() -> JacksonSetup.checkVersion(version)).doesNotThrowAnyException();
    }

    @Test
    void theJacksonOfThisBuildIsAtLeastTheFloorAndBuildsBothSides() {
        assertThat(PackageVersion.VERSION).isGreaterThanOrEqualTo(JacksonSetup.FLOOR);
        assertThat(EventEncoder.builder().build()).isNotNull();
        assertThat(ResponseDecoder.builder().build().decode("{\"statusCode\":200}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).isInstanceOf(DecodeResult.Valid.class);
    }
}
