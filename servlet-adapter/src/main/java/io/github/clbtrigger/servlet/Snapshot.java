package io.github.clbtrigger.servlet;

import io.github.clbtrigger.matcher.RouteTable;
import java.util.Map;

/**
 * What one request is served with: the compiled route table and the functions its rules name. Built whole,
 * never changed, replaced by one volatile write; a request keeps the snapshot it started with to its end.
 *
 * @param routes    the route table
 * @param functions the functions, by key
 * @param specHash  identifies the configuration text it came from (for logs and to skip unchanged reloads)
 */
record Snapshot(RouteTable routes, Map<FunctionKey, LimitedFunction> functions, String specHash) {

    Snapshot {
        functions = Map.copyOf(functions);
    }
}
