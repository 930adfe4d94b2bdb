package io.github.clbtrigger.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every golden vector recorded from real nginx gets the same answer from {@link RouteTable}, in every build. */
class GoldenVectorsTests {
    @Test
    void routeTableAgreesWithRecordedNginxAnswers() throws Exception {
        List<Vectors.Block> blocks;
        try (InputStream in = GoldenVectorsTests.class.getResourceAsStream(Vectors.RESOURCE)) {
            assertThat(in).as("golden vectors %s", Vectors.RESOURCE).isNotNull();
            blocks = Vectors.read(in);
        }
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (Vectors.Block b : blocks) {
            RouteTable table = RouteTable.compile(b.config());
            String listener = b.config().listeners().get(0).listenerId();
            for (Vectors.Case c : b.cases()) {
                cases++;
                String actual = Outcome.of(table.route(listener, c.host(), c.target()));
                if (!actual.equals(c.expected())) {
                    mismatches.add(Vectors.escape(c.host()) + " " + Vectors.escape(c.target()) + ": nginx "
                            + c.expected() + ", table " + actual);
                }
            }
        }
        assertThat(blocks).hasSizeGreaterThan(20);
        assertThat(cases).isGreaterThan(3000);
        assertThat(mismatches).isEmpty();
    }
}
