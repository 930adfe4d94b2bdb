package io.github.clbtrigger.api;

import com.tencentcloudapi.clb.v20180317.ClbClient;
import com.tencentcloudapi.clb.v20180317.models.CreateRuleRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.DescribeTaskStatusRequest;
import com.tencentcloudapi.clb.v20180317.models.FunctionInfo;
import com.tencentcloudapi.clb.v20180317.models.FunctionTarget;
import com.tencentcloudapi.clb.v20180317.models.ListenerBackend;
import com.tencentcloudapi.clb.v20180317.models.RegisterFunctionTargetsRequest;
import com.tencentcloudapi.clb.v20180317.models.RuleInput;
import com.tencentcloudapi.clb.v20180317.models.RuleTargets;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Calls through the official Java SDK's typed models, as a user's code writes them. */
final class Sdk {
    private Sdk() {
    }

    static FunctionTarget target(String name, String qualifier, Long weight) {
        FunctionInfo f = new FunctionInfo();
        f.setFunctionNamespace("default");
        f.setFunctionName(name);
        f.setFunctionQualifier(qualifier);
        FunctionTarget t = new FunctionTarget();
        t.setFunction(f);
        t.setWeight(weight);
        return t;
    }

    static RegisterFunctionTargetsRequest register(String lb, String listener, String location, FunctionTarget... ts) {
        RegisterFunctionTargetsRequest r = new RegisterFunctionTargetsRequest();
        r.setLoadBalancerId(lb);
        r.setListenerId(listener);
        r.setLocationId(location);
        r.setFunctionTargets(ts);
        return r;
    }

    static CreateRuleRequest createRule(String listener, String domain, String url) {
        RuleInput in = new RuleInput();
        in.setDomain(domain);
        in.setUrl(url);
        CreateRuleRequest r = new CreateRuleRequest();
        r.setLoadBalancerId("lb-test");
        r.setListenerId(listener);
        r.setRules(new RuleInput[] {in});
        return r;
    }

    /** Polls DescribeTaskStatus until the task is no longer running; returns its final Status. */
    static long waitForTask(ClbClient clb, String taskId) throws TencentCloudSDKException, InterruptedException {
        DescribeTaskStatusRequest q = new DescribeTaskStatusRequest();
        q.setTaskId(taskId);
        for (int i = 0; i < 500; i++) {
            long s = clb.DescribeTaskStatus(q).getStatus();
            if (s != 2) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task " + taskId + " still running");
    }

    /** DescribeTargets as LocationId to "ns/name:qualifier@weight" lists, over every layer-7 listener. */
    static Map<String, List<String>> bindings(ClbClient clb) throws TencentCloudSDKException {
        DescribeTargetsRequest q = new DescribeTargetsRequest();
        q.setLoadBalancerId("lb-test");
        Map<String, List<String>> out = new TreeMap<>();
        for (ListenerBackend l : clb.DescribeTargets(q).getListeners()) {
            if (l.getRules() == null) {
                continue;
            }
            for (RuleTargets r : l.getRules()) {
                List<String> ts = new ArrayList<>();
                for (FunctionTarget t : r.getFunctionTargets()) {
                    FunctionInfo f = t.getFunction();
                    ts.add(f.getFunctionNamespace() + "/" + f.getFunctionName() + ":" + f.getFunctionQualifier() + "@"
                            + t.getWeight());
                }
                out.put(l.getListenerId() + "/" + r.getLocationId() + " " + r.getDomain() + r.getUrl(), ts);
            }
        }
        return out;
    }
}
