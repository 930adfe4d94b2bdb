package io.github.clbtrigger.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One request the filter handles: the servlet pair, and when it reached the filter (for the latency counted and
 * logged).
 *
 * @param req   the request
 * @param res   the response
 * @param start {@code System.nanoTime()} when the filter got it
 */
record Incoming(HttpServletRequest req, HttpServletResponse res, long start) {
}
