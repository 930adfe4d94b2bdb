package io.github.clbtrigger.servlet;

import io.github.clbtrigger.matcher.RouteTable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One request the filter handles: the servlet pair, when it reached the filter (for the latency counted and logged),
 * and where it was routed.
 *
 * @param req        the request
 * @param res        the response
 * @param start      {@code System.nanoTime()} when the filter got it
 * @param listenerId the CLB listener that serves the connector, or {@code null} when none does
 * @param routes     the route table of the configuration it is served with
 */
record Incoming(HttpServletRequest req, HttpServletResponse res, long start, String listenerId, RouteTable routes) {
}
