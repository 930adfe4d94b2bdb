package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store under the control plane: re-reading hand edits, refusing to write over an edit it has not read. */
class ConfigStoreTests {
    @TempDir
    Path dir;

    @Test
    void aCommitOverAFileEditedSinceTheLastReadIsRefusedAndWritesNothing() throws Exception {
        Path file = dir.resolve("clb.json");
        Files.writeString(file, ApiFixture.CONFIG);
        List<String> applied = new ArrayList<>();
        ConfigStore store = ConfigStore.open(file, applied::add);
        ConfigStore.State base = store.refresh();
        ObjectNode edited = base.root().deepCopy();
        edited.put("LoadBalancerName", "by-api");
        ConfigStore.State next = ConfigStore.validate(edited);

        String byHand = ApiFixture.CONFIG.replace("\"web\"", "\"edited-by-hand\"");
        Files.writeString(file, byHand);
        assertThatThrownBy(() -> store.commit(next)).isInstanceOf(ConfigStore.Stale.class);
        assertThat(Files.readString(file)).isEqualTo(byHand);
        assertThat(applied).isEmpty();

        ConfigStore.State now = store.refresh();
        assertThat(now.body().path("Listeners").path(0).path("ListenerName").asText()).isEqualTo("edited-by-hand");
        ObjectNode again = now.root().deepCopy();
        again.put("LoadBalancerName", "by-api");
        store.commit(ConfigStore.validate(again));
        assertThat(Files.readString(file)).contains("edited-by-hand").contains("by-api");
        assertThat(applied).hasSize(1);
    }

    @Test
    void aCommittedEditHandsTheDataPlaneTheTextsFunctionsMemberSoItNeedNotScanTheText() throws Exception {
        for (String config : new String[] {ApiFixture.CONFIG, ApiFixture.CONFIG.replaceAll(
                "(?s),\\s*\"Functions\": \\[.*?\\]", "")}) {
            Path file = dir.resolve("clb.json");
            Files.writeString(file, config);
            ApiFixture.DataPlane data = new ApiFixture.DataPlane(config);
            ConfigStore store = ConfigStore.open(file, data);
            ConfigStore.State base = store.refresh();
            ObjectNode edited = base.edit(0);
            ((ObjectNode) edited.path("Listeners").path(0)).put("ListenerName", "by-api");
            ConfigStore.State next = ConfigStore.validate(edited, base);
            store.commit(next);
            // the fixture checks that what it is given is the text's member (compared with the text it was given)
            assertThat(data.functionsGiven.get()).isEqualTo(1);
            assertThat(next.functionsJson()).isEqualTo(ApiFixture.DataPlane.functionsMember(Files.readString(file)));
            assertThat(next.functionsJson().isPresent()).isEqualTo(config.contains("\"Functions\""));
        }
    }

    @Test
    void aWrappedDescribeListenersExportIsEditedInsideItsResponse() throws Exception {
        Path file = dir.resolve("clb.json");
        Files.writeString(file, "{\"Response\": " + ApiFixture.CONFIG + "}");
        ConfigStore store = ConfigStore.open(file, json -> { });
        assertThat(store.state().loadBalancerId()).isEqualTo("lb-test");
        assertThat(store.state().functions()).contains("default/hello:$LATEST", "default/canary:2");
        assertThat(Resources.listenersNode(store.state().root()).size()).isEqualTo(2);
    }

    @Test
    void aFileWithoutLoadBalancerIdIsServedAsLbLocal() throws Exception {
        Path file = dir.resolve("clb.json");
        Files.writeString(file, ApiFixture.CONFIG.replace("\"LoadBalancerId\": \"lb-test\",", ""));
        assertThat(ConfigStore.open(file, json -> { }).state().loadBalancerId()).isEqualTo("lb-local");
    }
}
