package io.github.clbtrigger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessTests {

    @Test
    void allOfListsEveryPartNotReadyInOrder() {
        AtomicBoolean bound = new AtomicBoolean(false);
        AtomicBoolean slowBootstrap = new AtomicBoolean(false);
        AtomicBoolean otherBootstrap = new AtomicBoolean(true);
        Readiness readiness = Readiness.allOf(List.of(
                Readiness.check("listener lbl-http (HTTP:8080) is not bound", bound::get),
                Readiness.check("function default/slow: bootstrap not ready", slowBootstrap::get),
                Readiness.check("function default/other: bootstrap not ready", otherBootstrap::get)));
        assertThat(readiness.check().reasons()).containsExactly("listener lbl-http (HTTP:8080) is not bound",
                "function default/slow: bootstrap not ready");
        bound.set(true);
        slowBootstrap.set(true);
        assertThat(readiness.check().ready()).isTrue();
        otherBootstrap.set(false); // its bootstrap died
        assertThat(readiness.check().reasons()).containsExactly("function default/other: bootstrap not ready");
    }

    @Test
    void alwaysIsReady() {
        assertThat(Readiness.always().check().ready()).isTrue();
        assertThat(Readiness.allOf(List.of()).check().ready()).isTrue();
    }
}
