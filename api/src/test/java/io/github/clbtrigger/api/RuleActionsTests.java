package io.github.clbtrigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.clb.v20180317.models.CreateListenerRequest;
import com.tencentcloudapi.clb.v20180317.models.CreateRuleRequest;
import com.tencentcloudapi.clb.v20180317.models.DeleteListenerRequest;
import com.tencentcloudapi.clb.v20180317.models.DeleteRuleRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.Filter;
import com.tencentcloudapi.clb.v20180317.models.ListenerBackend;
import com.tencentcloudapi.clb.v20180317.models.RuleInput;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import io.github.clbtrigger.matcher.RuleConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners and rules through the SDK, beyond the round trip of {@link ApiSdkTests}. */
class RuleActionsTests {
    @TempDir
    Path dir;
    ApiFixture api;
    ClbClient clb;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir, ApiFixture.lenient());
        clb = api.client();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aTcpListenerIsCreatedWithoutRulesAndDeletedWithItsId() throws Exception {
        CreateListenerRequest cl = new CreateListenerRequest();
        cl.setLoadBalancerId("lb-test");
        cl.setPorts(new Long[] {18100L, 18101L});
        cl.setProtocol("tcp");
        String[] ids = clb.CreateListener(cl).getListenerIds();
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        DescribeTargetsRequest q = new DescribeTargetsRequest();
        q.setLoadBalancerId("lb-test");
        q.setListenerIds(ids);
        ListenerBackend[] ls = clb.DescribeTargets(q).getListeners();
        assertThat(ls).extracting(ListenerBackend::getProtocol).containsExactly("TCP", "TCP");
        assertThat(ls[0].getRules()).isNull();

        DeleteListenerRequest dl = new DeleteListenerRequest();
        dl.setLoadBalancerId("lb-test");
        dl.setListenerId(ids[0]);
        clb.DeleteListener(dl);
        assertThat(api.fileConfig().listener(ids[0])).isEmpty();
        assertThat(api.fileConfig().listener(ids[1])).isPresent();
        TencentCloudSDKException again = catchThrowableOfType(TencentCloudSDKException.class,
                () -> clb.DeleteListener(dl));
        assertThat(again.getErrorCode()).isEqualTo("InvalidParameter.ListenerIdNotFound");
    }

    @Test
    void rulesWithSeveralDomainsAndADefaultAreDeletedByDomainAndUrlAndTheDefaultMoves() throws Exception {
        RuleInput a = new RuleInput();
        a.setDomains(new String[] {"a.example.com", "*.a.example.com"});
        a.setUrl("/");
        a.setDefaultServer(true);
        RuleInput b = new RuleInput();
        b.setDomain("b.example.com");
        b.setUrl("/b");
        CreateRuleRequest cr = new CreateRuleRequest();
        cr.setLoadBalancerId("lb-test");
        cr.setListenerId("lbl-http");
        cr.setRules(new RuleInput[] {a, b});
        String[] locs = clb.CreateRule(cr).getLocationIds();
        assertThat(api.fileConfig().listener("lbl-http").orElseThrow().rules().get(1).domains())
                .containsExactly("a.example.com", "*.a.example.com");
        assertThat(api.data.route("lbl-http", "x.a.example.com", "/anything")).isEmpty();

        DeleteRuleRequest dr = new DeleteRuleRequest();
        dr.setLoadBalancerId("lb-test");
        dr.setListenerId("lbl-http");
        dr.setDomain("A.example.com");
        dr.setUrl("/");
        dr.setNewDefaultServerDomain("b.example.com");
        clb.DeleteRule(dr);
        assertThat(api.fileConfig().listener("lbl-http").orElseThrow().rules())
                .extracting(RuleConfig::locationId, RuleConfig::defaultServer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("loc-hello", false),
                        org.assertj.core.groups.Tuple.tuple(locs[1], true));

        dr.setDomain("nowhere.example.com");
        dr.setUrl("/b");
        dr.setNewDefaultServerDomain(null);
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> clb.DeleteRule(dr)).getErrorCode())
                .isEqualTo("InvalidParameter.LocationNotFound");
    }

    @Test
    void describeTargetsFiltersByLocationIdAndRefusesOtherFilters() throws Exception {
        String loc = clb.CreateRule(Sdk.createRule("lbl-http", "localhost", "/f")).getLocationIds()[0];
        DescribeTargetsRequest q = new DescribeTargetsRequest();
        q.setLoadBalancerId("lb-test");
        Filter f = new Filter();
        f.setName("location-id");
        f.setValues(new String[] {loc});
        q.setFilters(new Filter[] {f});
        q.setProtocol("HTTP");
        assertThat(clb.DescribeTargets(q).getListeners()).singleElement()
                .satisfies(l -> assertThat(l.getRules()).extracting(r -> r.getLocationId()).containsExactly(loc));
        f.setName("private-ip-address");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> clb.DescribeTargets(q)).getErrorCode())
                .isEqualTo("InvalidParameterValue");
    }

    @Test
    void aRuleNeedsADomainAndTooManyAtOnceAreRefused() {
        RuleInput noDomain = new RuleInput();
        noDomain.setUrl("/x");
        CreateRuleRequest cr = new CreateRuleRequest();
        cr.setLoadBalancerId("lb-test");
        cr.setListenerId("lbl-http");
        cr.setRules(new RuleInput[] {noDomain});
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> clb.CreateRule(cr)).getErrorCode())
                .isEqualTo("MissingParameter");
        RuleInput[] many = new RuleInput[51];
        for (int i = 0; i < many.length; i++) {
            many[i] = new RuleInput();
            many[i].setDomain("localhost");
            many[i].setUrl("/m" + i);
        }
        cr.setRules(many);
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> clb.CreateRule(cr)).getErrorCode())
                .isEqualTo("InvalidParameterValue.Length");
    }
}
