package io.github.clbtrigger.samples.canary;

import io.github.clbtrigger.samples.Responses;

import java.util.Map;

/**
 * The canary sample: two versions of one function behind one rule, split 90/10 by the FunctionTargets' weights.
 * In the cloud they would be two published versions of the same SCF function; locally each qualifier names its
 * own handler.
 */
public final class Canary {

    /**
     * Version 1, the stable one.
     *
     * @param event the CLB trigger event
     * @return which version answered
     */
    public Map<String, Object> stable(Map<String, Object> event) {
        return Responses.json(200, "{\"version\":\"1\"}");
    }

    /**
     * Version 2, the canary.
     *
     * @param event the CLB trigger event
     * @return which version answered
     */
    public Map<String, Object> canary(Map<String, Object> event) {
        return Responses.json(200, "{\"version\":\"2\"}");
    }
}
